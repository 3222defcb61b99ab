"""Wrong and right answers for 02_autodiff (see README.md)."""

_NEWTON = '''def newton_minimize(f, x0, steps):
    x = tf.Variable(float(x0), dtype=tf.float64)
    for _ in range(steps):
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = f(x)
            slope = inner.gradient(y, x)
        curvature = outer.gradient(slope, x)
        x.assign_sub(slope / curvature)
    return tf.convert_to_tensor(x)
'''


def _newton(old: str, new: str) -> str:
    assert old in _NEWTON, old
    return _NEWTON.replace(old, new)


_ADV = '''def adversarial_example(model, x, labels, epsilon):
    x = tf.convert_to_tensor(x, dtype=tf.float32)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = loss_fn(labels, model(x))
    grad = tape.gradient(loss, x)
    return tf.clip_by_value(x + epsilon * tf.sign(grad), 0.0, 1.0)
'''


def _adv(old: str, new: str) -> str:
    assert old in _ADV, old
    return _ADV.replace(old, new)


_CHECK = '''def gradient_check(f, grad_f, x):
    point = tf.constant(x, dtype=tf.float64)
    h = 1e-5
    unit = tf.eye(point.shape[0], dtype=tf.float64)
    estimate = tf.stack([(f(point + h * unit[i]) - f(point - h * unit[i])) / (2 * h) for i in range(point.shape[0])])
    claimed = tf.cast(grad_f(point), tf.float64)
    scale = max(1.0, float(tf.reduce_max(tf.abs(estimate))))
    return bool(float(tf.reduce_max(tf.abs(claimed - estimate))) <= 1e-6 * scale)
'''


def _check(old: str, new: str) -> str:
    assert old in _CHECK, old
    return _CHECK.replace(old, new)


_STEP = '''def make_train_step(w, b, learning_rate):
    calls = tf.Variable(0, dtype=tf.int64, trainable=False)
    vector = tf.TensorSpec(shape=[None], dtype=tf.float32)

    @tf.function(input_signature=[vector, vector])
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((w * x + b - y) ** 2)
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(learning_rate * dw)
        b.assign_sub(learning_rate * db)
        calls.assign_add(1)
        return loss

    return step, calls
'''


def _step(old: str, new: str) -> str:
    assert old in _STEP, old
    return _STEP.replace(old, new)


ANSWERS = {
    "newton_minimize": {
        "wrong": {
            "gradient-descent step (no curvature)": _newton(
                "x.assign_sub(slope / curvature)", "x.assign_sub(slope)"),
            "root finding on f instead of f'": _newton(
                "x.assign_sub(slope / curvature)", "x.assign_sub(y / slope)"),
            "step in the wrong direction": _newton(
                "x.assign_sub(slope / curvature)", "x.assign_add(slope / curvature)"),
            "float32": _newton("dtype=tf.float64", "dtype=tf.float32"),
            "the int start kept as an int variable": _newton(
                "x = tf.Variable(float(x0), dtype=tf.float64)", "x = tf.Variable(x0)"),
            "variable rebound to a tensor (None on the second step)": _newton(
                "x.assign_sub(slope / curvature)", "x = x - slope / curvature"),
            "inner gradient taken after the outer tape stopped": '''def newton_minimize(f, x0, steps):
    x = tf.Variable(float(x0), dtype=tf.float64)
    for _ in range(steps):
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = f(x)
        slope = inner.gradient(y, x)
        curvature = outer.gradient(slope, x)
        x.assign_sub(slope / curvature)
    return tf.convert_to_tensor(x)
''',
            "always one step": _newton("for _ in range(steps):", "for _ in range(1):"),
            "returns the variable": _newton("return tf.convert_to_tensor(x)", "return x"),
        },
        "right": {
            "a watched tensor, rebuilt each step": '''def newton_minimize(f, x0, steps):
    x = tf.constant(x0, dtype=tf.float64)
    for _ in range(steps):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = f(x)
            slope = inner.gradient(y, x)
        curvature = outer.gradient(slope, x)
        x = x - slope / curvature
    return x
''',
            "a persistent tape asked inside its block": '''def newton_minimize(f, x0, steps):
    x = tf.Variable(tf.cast(x0, tf.float64))
    for _ in range(steps):
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = f(x)
            g = inner.gradient(y, x)
        x.assign(x - g / outer.gradient(g, x))
    return x.read_value()
''',
        },
    },
    "binarize": {
        "wrong": {
            "tf.sign alone (no straight-through)": "def binarize(x):\n    return tf.sign(x)\n",
            "straight-through without the clip": '''def binarize(x):
    x = tf.convert_to_tensor(x)
    forward = tf.where(x >= 0, tf.ones_like(x), -tf.ones_like(x))
    return x + tf.stop_gradient(forward - x)
''',
            "tf.sign forward (0 at 0)": '''def binarize(x):
    x = tf.convert_to_tensor(x)
    clipped = tf.clip_by_value(x, -1.0, 1.0)
    return clipped + tf.stop_gradient(tf.sign(x) - clipped)
''',
            "stop_gradient around everything (None)": '''def binarize(x):
    x = tf.convert_to_tensor(x)
    return tf.stop_gradient(tf.where(x >= 0, tf.ones_like(x), -tf.ones_like(x)))
''',
            "the clip as the forward pass": "def binarize(x):\n    return tf.clip_by_value(x, -1.0, 1.0)\n",
            "custom gradient that drops the upstream gradient": '''@tf.custom_gradient
def binarize(x):
    x = tf.convert_to_tensor(x)
    def grad(upstream):
        return tf.cast(tf.abs(x) <= 1, x.dtype)
    return tf.where(x >= 0, tf.ones_like(x), -tf.ones_like(x)), grad
''',
            "always float32": '''def binarize(x):
    x = tf.convert_to_tensor(x)
    forward = tf.where(x >= 0, 1.0, -1.0)
    clipped = tf.clip_by_value(x, -1.0, 1.0)
    return clipped + tf.stop_gradient(forward - clipped)
''',
        },
        "right": {
            "custom gradient with a mask": '''@tf.custom_gradient
def binarize(x):
    x = tf.convert_to_tensor(x)
    def grad(upstream):
        return upstream * tf.cast(tf.abs(x) <= 1, x.dtype)
    return tf.where(x >= 0, tf.ones_like(x), -tf.ones_like(x)), grad
''',
            "sign with 0 mapped to 1": '''def binarize(x):
    x = tf.convert_to_tensor(x)
    sign = tf.sign(x)
    sign = sign + tf.cast(tf.equal(sign, 0), x.dtype)
    soft = tf.clip_by_value(x, -1, 1)
    return soft + tf.stop_gradient(sign - soft)
''',
        },
    },
    "adversarial_example": {
        "wrong": {
            "descent direction (the loss goes down)": _adv("x + epsilon * tf.sign(grad)", "x - epsilon * tf.sign(grad)"),
            "the raw gradient, not its sign": _adv("x + epsilon * tf.sign(grad)", "x + epsilon * grad"),
            "no clipping to [0, 1]": _adv(
                "return tf.clip_by_value(x + epsilon * tf.sign(grad), 0.0, 1.0)", "return x + epsilon * tf.sign(grad)"),
            "logits taken as probabilities": _adv("from_logits=True", "from_logits=False"),
            "unit-length gradient step": _adv(
                "x + epsilon * tf.sign(grad)", "x + epsilon * grad / tf.norm(grad)"),
            "input not watched (None)": _adv("        tape.watch(x)\n", ""),
            "NumPy instead of a tensor": _adv(
                "return tf.clip_by_value(x + epsilon * tf.sign(grad), 0.0, 1.0)",
                "return np.clip(x.numpy() + epsilon * np.sign(grad.numpy()), 0.0, 1.0)"),
        },
        "right": {
            "summed loss, tf.where for the sign": '''def adversarial_example(model, x, labels, epsilon):
    x = tf.constant(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        per_sample = keras.losses.sparse_categorical_crossentropy(labels, model(x), from_logits=True)
        loss = tf.reduce_sum(per_sample)
    grad = tape.gradient(loss, x)
    step = tf.where(grad > 0, epsilon, tf.where(grad < 0, -epsilon, 0.0))
    return tf.minimum(tf.maximum(x + step, 0.0), 1.0)
''',
            "a variable as the input": '''def adversarial_example(model, x, labels, epsilon):
    v = tf.Variable(tf.cast(x, tf.float32))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=model(v)))
    return tf.clip_by_value(v + epsilon * tf.sign(tape.gradient(loss, v)), 0, 1)
''',
        },
    },
    "gradient_check": {
        "wrong": {
            "float32 (x's own dtype)": _check(
                "point = tf.constant(x, dtype=tf.float64)", "point = tf.constant(x, dtype=tf.float32)").replace(
                "tf.eye(point.shape[0], dtype=tf.float64)", "tf.eye(point.shape[0], dtype=tf.float32)").replace(
                "h = 1e-5", "h = 1e-3"),
            "step too small (rounding error)": _check("h = 1e-5", "h = 1e-12"),
            "forward difference": _check(
                "(f(point + h * unit[i]) - f(point - h * unit[i])) / (2 * h)", "(f(point + h * unit[i]) - f(point)) / h"),
            "an absolute tolerance only": _check("<= 1e-6 * scale", "<= 1e-6"),
            "relative error per entry": _check(
                "return bool(float(tf.reduce_max(tf.abs(claimed - estimate))) <= 1e-6 * scale)",
                "return bool(float(tf.reduce_max(tf.abs(claimed - estimate) / tf.abs(estimate))) <= 1e-6)"),
            "the tape's gradient instead of finite differences": '''def gradient_check(f, grad_f, x):
    point = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(point)
        value = f(point)
    estimate = tape.gradient(value, point)
    claimed = tf.cast(grad_f(point), tf.float64)
    scale = max(1.0, float(tf.reduce_max(tf.abs(estimate))))
    return bool(float(tf.reduce_max(tf.abs(claimed - estimate))) <= 1e-6 * scale)
''',
            "a boolean tensor instead of a bool": _check(
                "return bool(float(tf.reduce_max(tf.abs(claimed - estimate))) <= 1e-6 * scale)",
                "return tf.reduce_max(tf.abs(claimed - estimate)) <= 1e-6 * scale"),
            "x modified in place": '''def gradient_check(f, grad_f, x):
    h = 1e-5
    estimate = []
    for i in range(len(x)):
        x[i] += h
        plus = f(tf.constant(x, tf.float64))
        x[i] -= 2 * h
        minus = f(tf.constant(x, tf.float64))
        estimate.append((plus - minus) / (2 * h))
    estimate = tf.stack(estimate)
    claimed = tf.cast(grad_f(tf.constant(x, tf.float64)), tf.float64)
    scale = max(1.0, float(tf.reduce_max(tf.abs(estimate))))
    return bool(float(tf.reduce_max(tf.abs(claimed - estimate))) <= 1e-6 * scale)
''',
        },
        "right": {
            "NumPy copies, a step scaled to x": '''def gradient_check(f, grad_f, x):
    base = np.asarray(x, dtype=np.float64)
    estimate = np.zeros_like(base)
    for i in range(base.size):
        h = 1e-6 * max(1.0, abs(base[i]))
        up, down = base.copy(), base.copy()
        up[i] += h
        down[i] -= h
        estimate[i] = (float(f(tf.constant(up))) - float(f(tf.constant(down)))) / (2 * h)
    claimed = np.asarray(grad_f(tf.constant(base)), dtype=np.float64)
    return bool(np.max(np.abs(claimed - estimate)) <= 1e-6 * max(1.0, np.max(np.abs(estimate))))
''',
        },
    },
    "make_train_step": {
        "wrong": {
            "no input_signature (retraces for each length)": _step(
                "@tf.function(input_signature=[vector, vector])", "@tf.function"),
            "reduce_retracing (traces twice)": _step(
                "@tf.function(input_signature=[vector, vector])", "@tf.function(reduce_retracing=True)"),
            "a Python counter copied into the variable": '''def make_train_step(w, b, learning_rate):
    calls = tf.Variable(0, dtype=tf.int64)
    count = [0]
    vector = tf.TensorSpec(shape=[None], dtype=tf.float32)

    @tf.function(input_signature=[vector, vector])
    def step(x, y):
        count[0] += 1
        calls.assign(count[0])
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((w * x + b - y) ** 2)
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(learning_rate * dw)
        b.assign_sub(learning_rate * db)
        return loss

    return step, calls
''',
            "a plain Python function": _step("    @tf.function(input_signature=[vector, vector])\n", ""),
            "the loss after the update": _step("        return loss\n", "        return tf.reduce_mean((w * x + b - y) ** 2)\n"),
            "one counter shared by every step": '''_CALLS = tf.Variable(0, dtype=tf.int64)

def make_train_step(w, b, learning_rate):
    vector = tf.TensorSpec(shape=[None], dtype=tf.float32)

    @tf.function(input_signature=[vector, vector])
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((w * x + b - y) ** 2)
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(learning_rate * dw)
        b.assign_sub(learning_rate * db)
        _CALLS.assign_add(1)
        return loss

    return step, _CALLS
''',
            "sum instead of mean": _step("tf.reduce_mean((w * x + b - y) ** 2)", "tf.reduce_sum((w * x + b - y) ** 2)"),
            "variables rebound inside the function": _step(
                "        w.assign_sub(learning_rate * dw)\n        b.assign_sub(learning_rate * db)\n",
                "        w = w - learning_rate * dw\n        b = b - learning_rate * db\n"),
        },
        "right": {
            "int32 counter, optimizer SGD, shapes from a TensorSpec each": '''def make_train_step(w, b, learning_rate):
    calls = tf.Variable(0)
    optimizer = keras.optimizers.SGD(learning_rate)
    optimizer.build([w, b])

    @tf.function(input_signature=(tf.TensorSpec([None]), tf.TensorSpec([None])))
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = keras.ops.mean(keras.ops.square(w * x + b - y))
        optimizer.apply(tape.gradient(loss, [w, b]), [w, b])
        calls.assign_add(1)
        return loss

    return step, calls
''',
            "tf.function applied to a nested function": '''def make_train_step(w, b, learning_rate):
    calls = tf.Variable(0, dtype=tf.int64)

    def one_step(x, y):
        calls.assign_add(1)
        with tf.GradientTape() as tape:
            residual = w * x + b - y
            loss = tf.reduce_mean(residual * residual)
        grads = tape.gradient(loss, {"w": w, "b": b})
        w.assign(w - learning_rate * grads["w"])
        b.assign(b - learning_rate * grads["b"])
        return loss

    spec = tf.TensorSpec(shape=(None,), dtype=tf.float32)
    return tf.function(one_step, input_signature=[spec, spec]), calls
''',
        },
    },
    "none_gradients": {
        "wrong": {
            "zero gradients counted as None": (
                "def none_gradients(loss_fn, params):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    grads = tape.gradient(loss, params, unconnected_gradients=tf.UnconnectedGradients.ZERO)\n"
                "    return [k for k in params if not bool(tf.reduce_any(tf.cast(grads[k], tf.float32) != 0))]\n"
            ),
            "the connected names instead": (
                "def none_gradients(loss_fn, params):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    grads = tape.gradient(loss, params)\n"
                "    return [k for k in params if grads[k] is not None]\n"
            ),
            "a set instead of a list": (
                "def none_gradients(loss_fn, params):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    grads = tape.gradient(loss, params)\n"
                "    return {k for k in params if grads[k] is None}\n"
            ),
            "loss computed outside the tape": (
                "def none_gradients(loss_fn, params):\n"
                "    loss = loss_fn()\n"
                "    with tf.GradientTape() as tape:\n"
                "        pass\n"
                "    grads = tape.gradient(loss, params)\n"
                "    return [k for k in params if grads[k] is None]\n"
            ),
            "sorted by name instead of the dict's order": (
                "def none_gradients(loss_fn, params):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    grads = tape.gradient(loss, params)\n"
                "    return sorted(k for k in params if grads[k] is None)\n"
            ),
        },
        "right": {
            "list of sources, zipped with the keys": (
                "def none_gradients(loss_fn, params):\n"
                "    names = list(params.keys())\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    grads = tape.gradient(loss, [params[n] for n in names])\n"
                "    result = []\n"
                "    for n, g in zip(names, grads):\n"
                "        if g is None:\n"
                "            result.append(n)\n"
                "    return result\n"
            ),
        },
    },
}
