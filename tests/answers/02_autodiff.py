ANSWERS = {
    "derivative": {
        "wrong": {
            "constant not watched (None)": (
                "def derivative(f, x):\n"
                "    with tf.GradientTape() as tape:\n"
                "        y = f(x)\n"
                "    return tape.gradient(y, x)\n"
            ),
            "NumPy instead of a tensor": (
                "def derivative(f, x):\n"
                "    with tf.GradientTape() as tape:\n"
                "        tape.watch(x)\n"
                "        y = f(x)\n"
                "    return tape.gradient(y, x).numpy()\n"
            ),
            "target and source swapped": (
                "def derivative(f, x):\n"
                "    with tf.GradientTape() as tape:\n"
                "        tape.watch(x)\n"
                "        y = f(x)\n"
                "    return tape.gradient(x, y)\n"
            ),
            "forward difference in float32": (
                "def derivative(f, x):\n"
                "    h = 1e-3\n"
                "    return (f(x + h) - f(x)) / h\n"
            ),
            "visible example hard-coded": "def derivative(f, x):\n    return 3 * x**2 - 2\n",
            "always float32": (
                "def derivative(f, x):\n"
                "    x = tf.cast(x, tf.float32)\n"
                "    with tf.GradientTape() as tape:\n"
                "        tape.watch(x)\n"
                "        y = f(x)\n"
                "    return tape.gradient(y, x)\n"
            ),
            "wrong sign": (
                "def derivative(f, x):\n"
                "    with tf.GradientTape() as tape:\n"
                "        tape.watch(x)\n"
                "        y = f(x)\n"
                "    return -tape.gradient(y, x)\n"
            ),
        },
        "right": {
            "copy into a variable": (
                "def derivative(f, x):\n"
                "    v = tf.Variable(x)\n"
                "    with tf.GradientTape() as tape:\n"
                "        y = f(v)\n"
                "    return tape.gradient(y, v)\n"
            ),
            "gradient of the explicit sum": (
                "def derivative(f, x):\n"
                "    with tf.GradientTape() as tape:\n"
                "        tape.watch(x)\n"
                "        total = tf.reduce_sum(f(x))\n"
                "    return tape.gradient(total, x)\n"
            ),
        },
    },
    "gradient_dict": {
        "wrong": {
            "None for the unused variable": (
                "def gradient_dict(loss_fn, params):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    return tape.gradient(loss, params)\n"
            ),
            "a list instead of a dict": (
                "def gradient_dict(loss_fn, params):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    return tape.gradient(loss, list(params.values()),\n"
                "                         unconnected_gradients=tf.UnconnectedGradients.ZERO)\n"
            ),
            "NumPy values": (
                "def gradient_dict(loss_fn, params):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    grads = tape.gradient(loss, params, unconnected_gradients=tf.UnconnectedGradients.ZERO)\n"
                "    return {k: g.numpy() for k, g in grads.items()}\n"
            ),
            "loss computed before the tape": (
                "def gradient_dict(loss_fn, params):\n"
                "    loss = loss_fn()\n"
                "    with tf.GradientTape() as tape:\n"
                "        pass\n"
                "    return tape.gradient(loss, params, unconnected_gradients=tf.UnconnectedGradients.ZERO)\n"
            ),
            "descent direction (minus the gradient)": (
                "def gradient_dict(loss_fn, params):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    grads = tape.gradient(loss, params, unconnected_gradients=tf.UnconnectedGradients.ZERO)\n"
                "    return {k: -g for k, g in grads.items()}\n"
            ),
        },
        "right": {
            "list, then zeros_like by hand": (
                "def gradient_dict(loss_fn, params):\n"
                "    names = list(params)\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = loss_fn()\n"
                "    grads = tape.gradient(loss, [params[n] for n in names])\n"
                "    return {n: tf.zeros_like(params[n]) if g is None else g for n, g in zip(names, grads)}\n"
            ),
        },
    },
    "second_derivative": {
        "wrong": {
            "first derivative only": (
                "def second_derivative(f, x):\n"
                "    with tf.GradientTape() as tape:\n"
                "        tape.watch(x)\n"
                "        y = f(x)\n"
                "    return tape.gradient(y, x)\n"
            ),
            "outer tape does not watch x (None)": (
                "def second_derivative(f, x):\n"
                "    with tf.GradientTape() as outer:\n"
                "        with tf.GradientTape() as inner:\n"
                "            inner.watch(x)\n"
                "            y = f(x)\n"
                "        first = inner.gradient(y, x)\n"
                "    return outer.gradient(first, x)\n"
            ),
            "inner gradient taken after the outer tape stopped": (
                "def second_derivative(f, x):\n"
                "    with tf.GradientTape() as outer:\n"
                "        outer.watch(x)\n"
                "        with tf.GradientTape() as inner:\n"
                "            inner.watch(x)\n"
                "            y = f(x)\n"
                "    first = inner.gradient(y, x)\n"
                "    return outer.gradient(first, x)\n"
            ),
            "visible example hard-coded": "def second_derivative(f, x):\n    return 6 * x\n",
        },
        "right": {
            "copy into a variable": (
                "def second_derivative(f, x):\n"
                "    v = tf.Variable(x)\n"
                "    with tf.GradientTape() as outer:\n"
                "        with tf.GradientTape() as inner:\n"
                "            y = f(v)\n"
                "        first = inner.gradient(y, v)\n"
                "    return outer.gradient(first, v)\n"
            ),
            "gradient of the summed first derivative": (
                "def second_derivative(f, x):\n"
                "    with tf.GradientTape() as outer:\n"
                "        outer.watch(x)\n"
                "        with tf.GradientTape() as inner:\n"
                "            inner.watch(x)\n"
                "            y = tf.reduce_sum(f(x))\n"
                "        first = tf.reduce_sum(inner.gradient(y, x))\n"
                "    return outer.gradient(first, x)\n"
            ),
        },
    },
    "central_difference": {
        "wrong": {
            "forward difference": (
                "def central_difference(f, x, h=1e-5):\n"
                "    p = tf.constant(x, tf.float64)\n"
                "    e = np.eye(len(x))\n"
                "    return tf.stack([(f(p + h * e[i]) - f(p)) / h for i in range(len(x))])\n"
            ),
            "divided by h instead of 2h": (
                "def central_difference(f, x, h=1e-5):\n"
                "    p = tf.constant(x, tf.float64)\n"
                "    e = np.eye(len(x))\n"
                "    return tf.stack([(f(p + h * e[i]) - f(p - h * e[i])) / h for i in range(len(x))])\n"
            ),
            "float32": (
                "def central_difference(f, x, h=1e-5):\n"
                "    p = tf.constant(x, tf.float32)\n"
                "    e = tf.eye(len(x))\n"
                "    return tf.stack([(f(p + h * e[i]) - f(p - h * e[i])) / (2 * h) for i in range(len(x))])\n"
            ),
            "NumPy instead of a tensor": (
                "def central_difference(f, x, h=1e-5):\n"
                "    e = np.eye(len(x))\n"
                "    return np.array([float(f(x + h * e[i]) - f(x - h * e[i])) / (2 * h) for i in range(len(x))])\n"
            ),
            "all coordinates perturbed at once": (
                "def central_difference(f, x, h=1e-5):\n"
                "    p = tf.constant(x, tf.float64)\n"
                "    return tf.fill(p.shape, (f(p + h) - f(p - h)) / (2 * h))\n"
            ),
            "x modified in place (never restored)": (
                "def central_difference(f, x, h=1e-5):\n"
                "    out = []\n"
                "    for i in range(len(x)):\n"
                "        x[i] += h\n"
                "        plus = f(tf.constant(x))\n"
                "        x[i] -= 2 * h\n"
                "        minus = f(tf.constant(x))\n"
                "        out.append((plus - minus) / (2 * h))\n"
                "    return tf.stack(out)\n"
            ),
            "step h ignored": (
                "def central_difference(f, x, h=1e-5):\n"
                "    p = tf.constant(x, tf.float64)\n"
                "    e = np.eye(len(x))\n"
                "    return tf.stack([(f(p + 1e-5 * e[i]) - f(p - 1e-5 * e[i])) / 2e-5 for i in range(len(x))])\n"
            ),
        },
        "right": {
            "copies of x per coordinate": (
                "def central_difference(f, x, h=1e-5):\n"
                "    out = []\n"
                "    for i in range(x.shape[0]):\n"
                "        up, down = x.copy(), x.copy()\n"
                "        up[i] += h\n"
                "        down[i] -= h\n"
                "        out.append((f(tf.constant(up)) - f(tf.constant(down))) / (2 * h))\n"
                "    return tf.cast(tf.stack(out), tf.float64)\n"
            ),
        },
    },
    "gd_step": {
        "wrong": {
            "new tensors instead of updating the variables": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = tf.reduce_mean((w * x + b - y) ** 2)\n"
                "    dw, db = tape.gradient(loss, [w, b])\n"
                "    w = w - learning_rate * dw\n"
                "    b = b - learning_rate * db\n"
                "    return loss\n"
            ),
            "new variables instead of updating": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = tf.reduce_mean((w * x + b - y) ** 2)\n"
                "    dw, db = tape.gradient(loss, [w, b])\n"
                "    w = tf.Variable(w - learning_rate * dw)\n"
                "    b = tf.Variable(b - learning_rate * db)\n"
                "    return loss\n"
            ),
            "wrong sign (assign_add)": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = tf.reduce_mean((w * x + b - y) ** 2)\n"
                "    dw, db = tape.gradient(loss, [w, b])\n"
                "    w.assign_add(learning_rate * dw)\n"
                "    b.assign_add(learning_rate * db)\n"
                "    return loss\n"
            ),
            "loss after the update": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = tf.reduce_mean((w * x + b - y) ** 2)\n"
                "    dw, db = tape.gradient(loss, [w, b])\n"
                "    w.assign_sub(learning_rate * dw)\n"
                "    b.assign_sub(learning_rate * db)\n"
                "    return tf.reduce_mean((w * x + b - y) ** 2)\n"
            ),
            "sum instead of mean": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = tf.reduce_sum((w * x + b - y) ** 2)\n"
                "    dw, db = tape.gradient(loss, [w, b])\n"
                "    w.assign_sub(learning_rate * dw)\n"
                "    b.assign_sub(learning_rate * db)\n"
                "    return loss\n"
            ),
            "loss returned as a Python float": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = tf.reduce_mean((w * x + b - y) ** 2)\n"
                "    dw, db = tape.gradient(loss, [w, b])\n"
                "    w.assign_sub(learning_rate * dw)\n"
                "    b.assign_sub(learning_rate * db)\n"
                "    return float(loss)\n"
            ),
            "learning rate hard-coded": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = tf.reduce_mean((w * x + b - y) ** 2)\n"
                "    dw, db = tape.gradient(loss, [w, b])\n"
                "    w.assign_sub(0.1 * dw)\n"
                "    b.assign_sub(0.1 * db)\n"
                "    return loss\n"
            ),
        },
        "right": {
            "assign the new value": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = tf.reduce_mean(tf.square(w * x + b - y))\n"
                "    grads = tape.gradient(loss, {'w': w, 'b': b})\n"
                "    w.assign(w - learning_rate * grads['w'])\n"
                "    b.assign(b - learning_rate * grads['b'])\n"
                "    return loss\n"
            ),
            "keras losses.MeanSquaredError": (
                "def gd_step(w, b, x, y, learning_rate):\n"
                "    with tf.GradientTape() as tape:\n"
                "        loss = keras.losses.MeanSquaredError()(y, w * x + b)\n"
                "    for var, grad in zip([w, b], tape.gradient(loss, [w, b])):\n"
                "        var.assign_sub(learning_rate * grad)\n"
                "    return loss\n"
            ),
        },
    },
    "target_loss": {
        "wrong": {
            "no stop_gradient": "def target_loss(pred, target):\n    return tf.reduce_mean((pred - target) ** 2)\n",
            "stop_gradient on pred instead": (
                "def target_loss(pred, target):\n    return tf.reduce_mean((tf.stop_gradient(pred) - target) ** 2)\n"
            ),
            "stop_gradient on the whole loss": (
                "def target_loss(pred, target):\n    return tf.stop_gradient(tf.reduce_mean((pred - target) ** 2))\n"
            ),
            "sum instead of mean": (
                "def target_loss(pred, target):\n    return tf.reduce_sum((pred - tf.stop_gradient(target)) ** 2)\n"
            ),
            "NumPy instead of a tensor": (
                "def target_loss(pred, target):\n"
                "    return tf.reduce_mean((pred - tf.stop_gradient(target)) ** 2).numpy()\n"
            ),
        },
        "right": {
            "squared_difference and a stopped copy": (
                "def target_loss(pred, target):\n"
                "    fixed = tf.stop_gradient(target)\n"
                "    return tf.reduce_mean(tf.math.squared_difference(pred, fixed))\n"
            ),
            "keras MeanSquaredError over all entries": (
                "def target_loss(pred, target):\n"
                "    diff = tf.reshape(pred - tf.stop_gradient(target), [-1])\n"
                "    return tf.reduce_sum(diff * diff) / tf.cast(tf.size(diff), diff.dtype)\n"
            ),
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
