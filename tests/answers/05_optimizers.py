ADAM_HEAD = "def adam_step(w, m, v, grad, step, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):\n"
FIT_HEAD = "def fit_linear(x, y, steps=30):\n"
LR_HEAD = "def sgd_learning_rates(hessian):\n"
ID_HEAD = "def identify_optimizer(ws, grads):\n"
SCHED_HEAD = "import math\n\n\ndef warmup_cosine(num_examples, batch_size, epochs, peak_learning_rate):\n"
CLIP_HEAD = "def clip_per_example(grads, clip_norm):\n"
OPT_HEAD = "def make_optimizer():\n"

# fit_linear: the colleague's loop with one change each (``{make}`` builds the optimizer).
FIT_BODY = (
    "    w = tf.Variable(tf.zeros((x.shape[1], 1)))\n"
    "    b = tf.Variable(tf.zeros((1,)))\n"
    "    {outside}\n"
    "    losses = []\n"
    "    for step in range(steps):\n"
    "        {inside}\n"
    "        with tf.GradientTape() as tape:\n"
    "            loss = tf.reduce_mean((x @ w + b - y) ** 2)\n"
    "        grads = tape.gradient(loss, [w, b])\n"
    "        optimizer.apply_gradients(zip(grads, [w, b]))\n"
    "        {record}\n"
    "    return losses\n"
)
SCHEDULE = "keras.optimizers.schedules.CosineDecay(0.0, decay_steps=25, warmup_target=0.1, warmup_steps=5)"


def fit(outside="pass", inside="pass", record="losses.append(float(loss))"):
    return FIT_HEAD + FIT_BODY.format(outside=outside, inside=inside, record=record)


# identify_optimizer: unit steps per optimizer (learning rate 1), then a least-squares fit.
ID_FIT = (
    "    best = None\n"
    "    for name in ['SGD', 'momentum', 'Adagrad', 'RMSprop', 'Adam']:\n"
    "        unit = unit_steps(name)\n"
    "        lr = float(np.sum(steps * unit) / np.sum(unit * unit))\n"
    "        misfit = float(np.linalg.norm(steps - lr * unit) / np.linalg.norm(steps))\n"
    "        if best is None or misfit < best[0]:\n"
    "            best = (misfit, name, lr)\n"
    "    return best[1], best[2]\n"
)


def unit_steps(adagrad_start="0.1", rms="0.9 * s + 0.1 * g**2", adam_alpha="np.sqrt(1 - 0.999**t) / (1 - 0.9**t)",
               sign="-"):
    return (
        ID_HEAD
        + "    ws, grads = np.asarray(ws, np.float64), np.asarray(grads, np.float64)\n"
        "    steps = np.diff(ws, axis=0)\n"
        "\n"
        "    def unit_steps(name):\n"
        "        out, m, s = [], np.zeros_like(grads[0]), np.zeros_like(grads[0])\n"
        f"        a = np.zeros_like(grads[0]) + {adagrad_start}\n"
        "        for t, g in enumerate(grads, start=1):\n"
        "            if name == 'SGD':\n"
        f"                out.append({sign}g)\n"
        "            elif name == 'momentum':\n"
        f"                m = 0.9 * m {sign} g\n"
        "                out.append(m)\n"
        "            elif name == 'Adagrad':\n"
        "                a = a + g**2\n"
        f"                out.append({sign}g / np.sqrt(a + 1e-7))\n"
        "            elif name == 'RMSprop':\n"
        f"                s = {rms}\n"
        f"                out.append({sign}g / np.sqrt(s + 1e-7))\n"
        "            else:\n"
        "                m = 0.9 * m + 0.1 * g\n"
        "                s = 0.999 * s + 0.001 * g**2\n"
        f"                out.append({sign}({adam_alpha}) * m / (np.sqrt(s) + 1e-7))\n"
        "        return np.array(out)\n"
        "\n" + ID_FIT
    )


ANSWERS = {
    "adam_step": {
        "wrong": {
            "no bias correction": ADAM_HEAD
            + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    return w - learning_rate * m / (tf.sqrt(v) + epsilon), m, v\n",
            "textbook epsilon (added to sqrt of bias-corrected v)": ADAM_HEAD
            + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    m_hat = m / (1 - beta_1**step)\n"
            "    v_hat = v / (1 - beta_2**step)\n"
            "    return w - learning_rate * m_hat / (tf.sqrt(v_hat) + epsilon), m, v\n",
            "0-based step in the bias correction": ADAM_HEAD
            + "    t = step - 1\n"
            "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**t) ** 0.5 / (1 - beta_1**t)\n"
            "    return w - alpha * m / (tf.sqrt(v) + epsilon), m, v\n",
            "step + 1 in the bias correction (counted twice)": ADAM_HEAD
            + "    t = step + 1\n"
            "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**t) ** 0.5 / (1 - beta_1**t)\n"
            "    return w - alpha * m / (tf.sqrt(v) + epsilon), m, v\n",
            "betas swapped in the moment updates": ADAM_HEAD
            + "    m = (1 - beta_1) * m + beta_1 * grad\n"
            "    v = (1 - beta_2) * v + beta_2 * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    return w - alpha * m / (tf.sqrt(v) + epsilon), m, v\n",
            "epsilon inside the square root": ADAM_HEAD
            + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    return w - alpha * m / tf.sqrt(v + epsilon), m, v\n",
            "uses the old moments for the update": ADAM_HEAD
            + "    m_new = beta_1 * m + (1 - beta_1) * grad\n"
            "    v_new = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    return w - alpha * m / (tf.sqrt(v) + epsilon), m_new, v_new\n",
            "modifies the w variable in place": ADAM_HEAD
            + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    update = alpha * m / (tf.sqrt(v) + epsilon)\n"
            "    if isinstance(w, tf.Variable):\n"
            "        w.assign_sub(update)\n"
            "        return tf.identity(w), m, v\n"
            "    return w - update, m, v\n",
            "returns NumPy arrays": ADAM_HEAD
            + "    w, m, v, grad = (np.asarray(t) for t in (w, m, v, grad))\n"
            "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    return w - alpha * m / (np.sqrt(v) + epsilon), m, v\n",
        },
        "right": {
            "bias correction written out (exact Keras form)": ADAM_HEAD
            + "    m_new = beta_1 * m + (1 - beta_1) * grad\n"
            "    v_new = beta_2 * v + (1 - beta_2) * tf.square(grad)\n"
            "    m_hat = m_new / (1 - beta_1**step)\n"
            "    w_new = w - learning_rate * m_hat * (1 - beta_2**step) ** 0.5 / (tf.sqrt(v_new) + epsilon)\n"
            "    return w_new, m_new, v_new\n",
            "the paper's form with epsilon rescaled": ADAM_HEAD
            + "    m_new = beta_1 * m + (1 - beta_1) * grad\n"
            "    v_new = beta_2 * v + (1 - beta_2) * tf.square(grad)\n"
            "    m_hat = m_new / (1 - beta_1**step)\n"
            "    v_hat = v_new / (1 - beta_2**step)\n"
            "    eps_hat = epsilon / (1 - beta_2**step) ** 0.5\n"
            "    return w - learning_rate * m_hat / (tf.sqrt(v_hat) + eps_hat), m_new, v_new\n",
            "keras.ops": ADAM_HEAD
            + "    ops = keras.ops\n"
            "    m_new = m + ops.multiply(ops.subtract(grad, m), 1 - beta_1)\n"
            "    v_new = v + ops.multiply(ops.subtract(ops.square(grad), v), 1 - beta_2)\n"
            "    alpha = learning_rate * ops.sqrt(1 - beta_2**step) / (1 - beta_1**step)\n"
            "    alpha = ops.cast(alpha, m_new.dtype)\n"
            "    return w - ops.divide(m_new * alpha, ops.sqrt(v_new) + epsilon), m_new, v_new\n",
        },
    },
    "fit_linear": {
        "wrong": {
            "the colleague's loop unchanged (a new optimizer at every step)": fit(
                inside=f"optimizer = keras.optimizers.SGD(learning_rate={SCHEDULE}, momentum=0.5)"),
            "a new optimizer at every step, with a constant learning rate": fit(
                inside="optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.5)"),
            "the schedule dropped (constant 0.1)": fit(
                outside="optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.5)"),
            "momentum dropped": fit(outside=f"optimizer = keras.optimizers.SGD(learning_rate={SCHEDULE})"),
            "Adam instead of SGD": fit(outside=f"optimizer = keras.optimizers.Adam(learning_rate={SCHEDULE})"),
            "records the loss after the update": fit(
                outside=f"optimizer = keras.optimizers.SGD(learning_rate={SCHEDULE}, momentum=0.5)",
                record="losses.append(float(tf.reduce_mean((x @ w + b - y) ** 2)))"),
            "the warm-up dropped (cosine from 0.1)": fit(
                outside="optimizer = keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.CosineDecay("
                "0.1, decay_steps=30), momentum=0.5)"),
        },
        "right": {
            "the optimizer moved out of the loop": fit(
                outside=f"optimizer = keras.optimizers.SGD(learning_rate={SCHEDULE}, momentum=0.5)"),
            "a tf.function step": FIT_HEAD
            + "    w = tf.Variable(tf.zeros((x.shape[1], 1)))\n"
            "    b = tf.Variable(tf.zeros((1,)))\n"
            f"    optimizer = keras.optimizers.SGD(learning_rate={SCHEDULE}, momentum=0.5)\n"
            "    x, y = tf.constant(x), tf.constant(y)\n"
            "\n"
            "    @tf.function\n"
            "    def train_step():\n"
            "        with tf.GradientTape() as tape:\n"
            "            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))\n"
            "        optimizer.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))\n"
            "        return loss\n"
            "\n"
            "    return [float(train_step()) for _ in range(steps)]\n",
        },
    },
    "sgd_learning_rates": {
        "wrong": {
            "1 / lambda_max as the limit": LR_HEAD
            + "    ev = np.linalg.eigvalsh(np.asarray(hessian, np.float64))\n"
            "    return 1.0 / ev[-1], 2.0 / (ev[0] + ev[-1]), (ev[-1] - ev[0]) / (ev[-1] + ev[0])\n",
            "the diagonal entries instead of the eigenvalues": LR_HEAD
            + "    d = np.diag(np.asarray(hessian, np.float64))\n"
            "    low, high = float(d.min()), float(d.max())\n"
            "    return 2.0 / high, 2.0 / (low + high), (high - low) / (high + low)\n",
            "the best rate is 1 / lambda_max": LR_HEAD
            + "    ev = np.linalg.eigvalsh(np.asarray(hessian, np.float64))\n"
            "    low, high = float(ev[0]), float(ev[-1])\n"
            "    return 2.0 / high, 1.0 / high, 1.0 - low / high\n",
            "the best rate from the trace (2 / sum of all eigenvalues)": LR_HEAD
            + "    h = np.asarray(hessian, np.float64)\n"
            "    ev = np.linalg.eigvalsh(h)\n"
            "    eta = 2.0 / float(np.trace(h))\n"
            "    return 2.0 / float(ev[-1]), eta, float(np.max(np.abs(1 - eta * ev)))\n",
            "the rate as 1 - lambda_min / lambda_max": LR_HEAD
            + "    ev = np.linalg.eigvalsh(np.asarray(hessian, np.float64))\n"
            "    low, high = float(ev[0]), float(ev[-1])\n"
            "    return 2.0 / high, 2.0 / (low + high), 1.0 - low / high\n",
            "the rate of the loss, not of the distance (squared)": LR_HEAD
            + "    ev = np.linalg.eigvalsh(np.asarray(hessian, np.float64))\n"
            "    low, high = float(ev[0]), float(ev[-1])\n"
            "    return 2.0 / high, 2.0 / (low + high), ((high - low) / (high + low)) ** 2\n",
            "returns tensors": LR_HEAD
            + "    ev = tf.linalg.eigvalsh(tf.cast(hessian, tf.float64))\n"
            "    low, high = ev[0], ev[-1]\n"
            "    return 2.0 / high, 2.0 / (low + high), (high - low) / (high + low)\n",
        },
        "right": {
            "tf.linalg.eigvalsh, rate from eta_best": LR_HEAD
            + "    ev = tf.linalg.eigvalsh(tf.cast(hessian, tf.float64)).numpy()\n"
            "    eta = 2.0 / float(ev.min() + ev.max())\n"
            "    return 2.0 / float(ev.max()), eta, float(np.max(np.abs(1.0 - eta * ev)))\n",
            "condition number": LR_HEAD
            + "    ev = np.linalg.eigvalsh(np.asarray(hessian, np.float64))\n"
            "    kappa = ev[-1] / ev[0]\n"
            "    return float(2 / ev[-1]), float(2 / (ev[0] + ev[-1])), float((kappa - 1) / (kappa + 1))\n",
        },
    },
    "identify_optimizer": {
        "wrong": {
            "decides from the first step alone": ID_HEAD
            + "    ws, grads = np.asarray(ws, np.float64), np.asarray(grads, np.float64)\n"
            "    step, g = ws[1] - ws[0], grads[0]\n"
            "    ratio = -step / g\n"
            "    if np.allclose(ratio, ratio[0], rtol=1e-3):\n"
            "        return 'SGD', float(ratio[0])\n"
            "    size = np.abs(step)\n"
            "    if np.allclose(size, size[0], rtol=1e-3):\n"
            "        return 'Adam', float(size[0])\n"
            "    return 'Adagrad', float(np.mean(-step * np.sqrt(0.1 + g**2) / g))\n",
            "Adagrad's accumulator started at 0": unit_steps(adagrad_start="0.0"),
            "RMSprop with rho and 1 - rho swapped": unit_steps(rms="0.1 * s + 0.9 * g**2"),
            "Adam without bias correction": unit_steps(adam_alpha="1.0"),
            "sign error: a negative learning rate": unit_steps(sign="+"),
            "learning rate from the first step, |dw| / |g|, for every optimizer": ID_HEAD
            + "    ws, grads = np.asarray(ws, np.float64), np.asarray(grads, np.float64)\n"
            "    steps = np.diff(ws, axis=0)\n"
            "    lr = float(np.linalg.norm(steps[0]) / np.linalg.norm(grads[0]))\n"
            "    unit = -grads\n"
            "    sgd = np.linalg.norm(steps - lr * unit)\n"
            "    v, mom = np.zeros_like(grads[0]), []\n"
            "    for g in grads:\n"
            "        v = 0.9 * v - g\n"
            "        mom.append(v)\n"
            "    if sgd < 1e-6 * np.linalg.norm(steps):\n"
            "        return 'SGD', lr\n"
            "    if np.linalg.norm(steps - lr * np.array(mom)) < 1e-6 * np.linalg.norm(steps):\n"
            "        return 'momentum', lr\n"
            "    return 'Adam', lr\n",
        },
        "right": {
            "replays each Keras optimizer with learning_rate=1": ID_HEAD
            + "    ws, grads = np.asarray(ws, np.float64), np.asarray(grads, np.float64)\n"
            "    steps = np.diff(ws, axis=0)\n"
            "    makers = {'SGD': lambda: keras.optimizers.SGD(1.0),\n"
            "              'momentum': lambda: keras.optimizers.SGD(1.0, momentum=0.9),\n"
            "              'Adagrad': lambda: keras.optimizers.Adagrad(1.0),\n"
            "              'RMSprop': lambda: keras.optimizers.RMSprop(1.0),\n"
            "              'Adam': lambda: keras.optimizers.Adam(1.0)}\n"
            "    best = None\n"
            "    for name, make in makers.items():\n"
            "        optimizer, w, unit = make(), tf.Variable(np.zeros(ws.shape[1])), []\n"
            "        for g in grads:\n"
            "            before = w.numpy()\n"
            "            optimizer.apply_gradients([(tf.constant(g), w)])\n"
            "            unit.append(w.numpy() - before)\n"
            "        unit = np.array(unit)\n"
            "        lr = float(np.sum(steps * unit) / np.sum(unit * unit))\n"
            "        misfit = np.linalg.norm(steps - lr * unit)\n"
            "        if best is None or misfit < best[0]:\n"
            "            best = (misfit, name, lr)\n"
            "    return best[1], best[2]\n",
            "the median of step ratios after a formula replay": unit_steps().replace(
                "        lr = float(np.sum(steps * unit) / np.sum(unit * unit))\n",
                "        lr = float(np.median(steps / unit))\n"),
        },
    },
    "warmup_cosine": {
        "wrong": {
            "steps per epoch rounded down": SCHED_HEAD
            + "    spe = num_examples // batch_size\n"
            "    return keras.optimizers.schedules.CosineDecay(0.0, decay_steps=spe * (epochs - 1),\n"
            "                                                   warmup_target=peak_learning_rate, warmup_steps=spe)\n",
            "steps per epoch as n // batch_size + 1": SCHED_HEAD
            + "    spe = num_examples // batch_size + 1\n"
            "    return keras.optimizers.schedules.CosineDecay(0.0, decay_steps=spe * (epochs - 1),\n"
            "                                                   warmup_target=peak_learning_rate, warmup_steps=spe)\n",
            "decay_steps counts the warm-up too": SCHED_HEAD
            + "    spe = math.ceil(num_examples / batch_size)\n"
            "    return keras.optimizers.schedules.CosineDecay(0.0, decay_steps=spe * epochs,\n"
            "                                                   warmup_target=peak_learning_rate, warmup_steps=spe)\n",
            "epochs used as steps": SCHED_HEAD
            + "    return keras.optimizers.schedules.CosineDecay(0.0, decay_steps=epochs - 1,\n"
            "                                                   warmup_target=peak_learning_rate, warmup_steps=1)\n",
            "starts at the peak (initial_learning_rate=peak)": SCHED_HEAD
            + "    spe = math.ceil(num_examples / batch_size)\n"
            "    return keras.optimizers.schedules.CosineDecay(peak_learning_rate, decay_steps=spe * (epochs - 1),\n"
            "                                                   warmup_target=peak_learning_rate, warmup_steps=spe)\n",
            "no warm-up": SCHED_HEAD
            + "    spe = math.ceil(num_examples / batch_size)\n"
            "    return keras.optimizers.schedules.CosineDecay(peak_learning_rate, decay_steps=spe * epochs)\n",
            "a plain Python function": SCHED_HEAD
            + "    spe = math.ceil(num_examples / batch_size)\n"
            "    inner = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=spe * (epochs - 1),\n"
            "                                                    warmup_target=peak_learning_rate, warmup_steps=spe)\n"
            "    return lambda step: inner(step)\n",
        },
        "right": {
            "ceil by integer division": SCHED_HEAD
            + "    spe = -(-num_examples // batch_size)\n"
            "    return keras.optimizers.schedules.CosineDecay(0.0, decay_steps=(epochs - 1) * spe,\n"
            "                                                   warmup_target=peak_learning_rate, warmup_steps=spe)\n",
            "a LearningRateSchedule subclass with keras.ops": SCHED_HEAD
            + "    class WarmupCosine(keras.optimizers.schedules.LearningRateSchedule):\n"
            "        def __call__(self, step):\n"
            "            ops = keras.ops\n"
            "            spe = float(math.ceil(num_examples / batch_size))\n"
            "            total = spe * epochs\n"
            "            s = ops.minimum(ops.cast(step, 'float32'), total)\n"
            "            warm = peak_learning_rate * s / spe\n"
            "            cos = 0.5 * peak_learning_rate * (1 + ops.cos(math.pi * (s - spe) / (total - spe)))\n"
            "            return ops.where(s < spe, warm, cos)\n"
            "\n"
            "    return WarmupCosine()\n",
        },
    },
    "clip_per_example": {
        "wrong": {
            "clips each variable separately": CLIP_HEAD
            + "    out = []\n"
            "    for g in grads:\n"
            "        flat = tf.reshape(g, (tf.shape(g)[0], -1))\n"
            "        norms = tf.norm(flat, axis=1)\n"
            "        scale = clip_norm / tf.maximum(norms, clip_norm)\n"
            "        out.append(tf.reduce_mean(g * tf.reshape(scale, [-1] + [1] * (len(g.shape) - 1)), axis=0))\n"
            "    return out\n",
            "clips the batch mean (global_clipnorm)": CLIP_HEAD
            + "    means = [tf.reduce_mean(g, axis=0) for g in grads]\n"
            "    return tf.clip_by_global_norm(means, clip_norm)[0]\n",
            "always rescales to clip_norm": CLIP_HEAD
            + "    sq = tf.add_n([tf.reduce_sum(tf.reshape(g**2, (tf.shape(g)[0], -1)), axis=1) for g in grads])\n"
            "    scale = clip_norm / tf.sqrt(sq)\n"
            "    return [tf.reduce_mean(g * tf.reshape(scale, [-1] + [1] * (len(g.shape) - 1)), axis=0) for g in grads]\n",
            "sums instead of averaging": CLIP_HEAD
            + "    sq = tf.add_n([tf.reduce_sum(tf.reshape(g**2, (tf.shape(g)[0], -1)), axis=1) for g in grads])\n"
            "    scale = clip_norm / tf.maximum(tf.sqrt(sq), clip_norm)\n"
            "    return [tf.reduce_sum(g * tf.reshape(scale, [-1] + [1] * (len(g.shape) - 1)), axis=0) for g in grads]\n",
            "one norm for the whole batch": CLIP_HEAD
            + "    norm = tf.sqrt(tf.add_n([tf.reduce_sum(g**2) for g in grads]))\n"
            "    scale = clip_norm / tf.maximum(norm, clip_norm)\n"
            "    return [tf.reduce_mean(g * scale, axis=0) for g in grads]\n",
            "reshapes with the static batch size": CLIP_HEAD
            + "    n = grads[0].shape[0]\n"
            "    sq = tf.add_n([tf.reduce_sum(tf.reshape(g**2, (n, -1)), axis=1) for g in grads])\n"
            "    scale = clip_norm / tf.maximum(tf.sqrt(sq), clip_norm)\n"
            "    return [tf.reduce_mean(g * tf.reshape(scale, [n] + [1] * (len(g.shape) - 1)), axis=0) for g in grads]\n",
            "clips by value": CLIP_HEAD
            + "    return [tf.reduce_mean(tf.clip_by_value(g, -clip_norm, clip_norm), axis=0) for g in grads]\n",
            "returns NumPy arrays": CLIP_HEAD
            + "    arrays = [np.asarray(g) for g in grads]\n"
            "    sq = sum((a**2).reshape(len(a), -1).sum(axis=1) for a in arrays)\n"
            "    scale = clip_norm / np.maximum(np.sqrt(sq), clip_norm)\n"
            "    return [(a * scale.reshape([-1] + [1] * (a.ndim - 1))).mean(axis=0) for a in arrays]\n",
        },
        "right": {
            "concatenated flat gradients and tf.minimum": CLIP_HEAD
            + "    flat = tf.concat([tf.reshape(g, (tf.shape(g)[0], -1)) for g in grads], axis=1)\n"
            "    scale = tf.minimum(tf.cast(1.0, flat.dtype), clip_norm / tf.norm(flat, axis=1))\n"
            "    return [tf.reduce_mean(g * tf.reshape(scale, tf.concat([[-1], tf.ones(tf.rank(g) - 1, tf.int32)], 0)), axis=0)\n"
            "            for g in grads]\n",
            "tf.einsum over the batch": CLIP_HEAD
            + "    sq = tf.add_n([tf.reduce_sum(tf.reshape(tf.square(g), (tf.shape(g)[0], -1)), axis=1) for g in grads])\n"
            "    scale = clip_norm / tf.maximum(tf.sqrt(sq), clip_norm)\n"
            "    n = tf.cast(tf.shape(scale)[0], scale.dtype)\n"
            "    return [tf.reshape(tf.einsum('b,bf->f', scale, tf.reshape(g, (tf.shape(g)[0], -1))) / n, tf.shape(g)[1:])\n"
            "            for g in grads]\n",
        },
    },
    "make_optimizer": {
        "wrong": {
            "default SGD (too slow)": OPT_HEAD + "    return keras.optimizers.SGD()\n",
            "default Adam (learning rate too small)": OPT_HEAD + "    return keras.optimizers.Adam()\n",
            "SGD with a learning rate that diverges": OPT_HEAD + "    return keras.optimizers.SGD(learning_rate=0.5)\n",
            "plain SGD at 0.045 (bounces near the minimum)": OPT_HEAD + "    return keras.optimizers.SGD(learning_rate=0.045)\n",
            "Adam(0.1), fast enough from (-1.5, 1.5) only": OPT_HEAD + "    return keras.optimizers.Adam(learning_rate=0.1)\n",
            "Nesterov with a learning rate too large for some starts": OPT_HEAD
            + "    return keras.optimizers.SGD(learning_rate=0.02, momentum=0.9, nesterov=True)\n",
            "momentum with a learning rate too small": OPT_HEAD
            + "    return keras.optimizers.SGD(learning_rate=0.005, momentum=0.9)\n",
            "a string": OPT_HEAD + "    return 'adam'\n",
            "the same optimizer every time": "_shared = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)\n\n\n"
            + OPT_HEAD
            + "    return _shared\n",
        },
        "right": {
            "momentum": OPT_HEAD + "    return keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)\n",
            "momentum with global clipping": OPT_HEAD
            + "    return keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, global_clipnorm=10.0)\n",
            "Adam(0.1) with global clipping": OPT_HEAD
            + "    return keras.optimizers.Adam(learning_rate=0.1, global_clipnorm=1.0)\n",
        },
    },
}
