SGD_HEAD = "def sgd_momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):\n"
ADAM_HEAD = "def adam_step(w, m, v, grad, step, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):\n"
RMS_HEAD = "def rmsprop_step(w, velocity, grad, learning_rate=0.001, rho=0.9, epsilon=1e-7):\n"
ADAMW_HEAD = (
    "def adamw_step(w, m, v, grad, step, learning_rate=0.001, weight_decay=0.004,\n"
    "               beta_1=0.9, beta_2=0.999, epsilon=1e-7):\n"
)
EXP_HEAD = "def exponential_decay(step, initial_learning_rate, decay_steps, decay_rate, staircase=False):\n"
CLIP_HEAD = "def clip_by_global_norm(grads, clip_norm):\n"
OPT_HEAD = "def make_optimizer():\n"

ANSWERS = {
    "sgd_momentum_step": {
        "wrong": {
            "PyTorch convention (v = mu v + g, w -= lr v)": SGD_HEAD
            + "    v = momentum * velocity + grad\n"
            "    return w - learning_rate * v, v\n",
            "velocity with the wrong sign": SGD_HEAD
            + "    v = momentum * velocity + learning_rate * grad\n"
            "    return w - v, v\n",
            "updates w with the old velocity": SGD_HEAD
            + "    v = momentum * velocity - learning_rate * grad\n"
            "    return w + velocity, v\n",
            "ignores nesterov": SGD_HEAD
            + "    v = momentum * velocity - learning_rate * grad\n"
            "    return w + v, v\n",
            "returns NumPy arrays": SGD_HEAD
            + "    v = momentum * np.asarray(velocity) - learning_rate * np.asarray(grad)\n"
            "    w = np.asarray(w) + (momentum * v - learning_rate * np.asarray(grad) if nesterov else v)\n"
            "    return w, v\n",
            "modifies the w variable in place": SGD_HEAD
            + "    v = momentum * velocity - learning_rate * grad\n"
            "    step = momentum * v - learning_rate * grad if nesterov else v\n"
            "    if isinstance(w, tf.Variable):\n"
            "        w.assign_add(step)\n"
            "        return tf.identity(w), v\n"
            "    return w + step, v\n",
            "Nesterov look-ahead with the old velocity": SGD_HEAD
            + "    v = momentum * velocity - learning_rate * grad\n"
            "    return (w + momentum * velocity - learning_rate * grad if nesterov else w + v), v\n",
            "always casts to float32": SGD_HEAD
            + "    w, velocity, grad = (tf.cast(t, tf.float32) for t in (w, velocity, grad))\n"
            "    v = momentum * velocity - learning_rate * grad\n"
            "    return (w + momentum * v - learning_rate * grad if nesterov else w + v), v\n",
        },
        "right": {
            "tf.add / tf.multiply": SGD_HEAD
            + "    v = tf.subtract(tf.multiply(velocity, momentum), tf.multiply(grad, learning_rate))\n"
            "    if nesterov:\n"
            "        return tf.add(w, tf.subtract(tf.multiply(v, momentum), tf.multiply(grad, learning_rate))), v\n"
            "    return tf.add(w, v), v\n",
            "keras.ops on tensors": SGD_HEAD
            + "    ops = keras.ops\n"
            "    v = ops.convert_to_tensor(velocity) * momentum - ops.convert_to_tensor(grad) * learning_rate\n"
            "    step = v * momentum - ops.convert_to_tensor(grad) * learning_rate if nesterov else v\n"
            "    return ops.convert_to_tensor(w) + step, v\n",
        },
    },
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
        },
        "right": {
            "bias correction written out (exact Keras form)": ADAM_HEAD
            + "    m_new = beta_1 * m + (1 - beta_1) * grad\n"
            "    v_new = beta_2 * v + (1 - beta_2) * tf.square(grad)\n"
            "    m_hat = m_new / (1 - beta_1**step)\n"
            "    w_new = w - learning_rate * m_hat * (1 - beta_2**step) ** 0.5 / (tf.sqrt(v_new) + epsilon)\n"
            "    return w_new, m_new, v_new\n",
            "keras.ops": ADAM_HEAD
            + "    ops = keras.ops\n"
            "    m_new = m + ops.multiply(ops.subtract(grad, m), 1 - beta_1)\n"
            "    v_new = v + ops.multiply(ops.subtract(ops.square(grad), v), 1 - beta_2)\n"
            "    alpha = learning_rate * ops.sqrt(1 - beta_2**step) / (1 - beta_1**step)\n"
            "    alpha = ops.cast(alpha, m_new.dtype)\n"
            "    return w - ops.divide(m_new * alpha, ops.sqrt(v_new) + epsilon), m_new, v_new\n",
        },
    },
    "rmsprop_step": {
        "wrong": {
            "epsilon outside the square root": RMS_HEAD
            + "    s = rho * velocity + (1 - rho) * grad**2\n"
            "    return w - learning_rate * grad / (tf.sqrt(s) + epsilon), s\n",
            "rho and 1 - rho swapped": RMS_HEAD
            + "    s = (1 - rho) * velocity + rho * grad**2\n"
            "    return w - learning_rate * grad / tf.sqrt(s + epsilon), s\n",
            "no square root": RMS_HEAD
            + "    s = rho * velocity + (1 - rho) * grad**2\n"
            "    return w - learning_rate * grad / (s + epsilon), s\n",
            "divides by the old velocity": RMS_HEAD
            + "    s = rho * velocity + (1 - rho) * grad**2\n"
            "    return w - learning_rate * grad / tf.sqrt(velocity + epsilon), s\n",
        },
        "right": {
            "tf.math.rsqrt": RMS_HEAD
            + "    s = velocity + (1 - rho) * (tf.square(grad) - velocity)\n"
            "    return w - learning_rate * grad * tf.math.rsqrt(s + epsilon), s\n",
        },
    },
    "adamw_step": {
        "wrong": {
            "L2 penalty added to the gradient (coupled)": ADAMW_HEAD
            + "    grad = grad + weight_decay * w\n"
            "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    return w - alpha * m / (tf.sqrt(v) + epsilon), m, v\n",
            "decay after the Adam update": ADAMW_HEAD
            + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    w = w - alpha * m / (tf.sqrt(v) + epsilon)\n"
            "    return w - learning_rate * weight_decay * w, m, v\n",
            "decay not scaled by the learning rate": ADAMW_HEAD
            + "    w = w - weight_decay * w\n"
            "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    return w - alpha * m / (tf.sqrt(v) + epsilon), m, v\n",
            "forgets the decay": ADAMW_HEAD
            + "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * grad**2\n"
            "    alpha = learning_rate * (1 - beta_2**step) ** 0.5 / (1 - beta_1**step)\n"
            "    return w - alpha * m / (tf.sqrt(v) + epsilon), m, v\n",
        },
        "right": {
            "decay factor (1 - lr * wd)": ADAMW_HEAD
            + "    w = w * (1.0 - learning_rate * weight_decay)\n"
            "    m = beta_1 * m + (1 - beta_1) * grad\n"
            "    v = beta_2 * v + (1 - beta_2) * tf.square(grad)\n"
            "    alpha = learning_rate * np.sqrt(1 - beta_2**step) / (1 - beta_1**step)\n"
            "    return w - alpha * m / (tf.sqrt(v) + epsilon), m, v\n",
            "decay then the learner's own adam_step": ADAMW_HEAD
            + "    decayed = w - learning_rate * weight_decay * w\n"
            "    return adam_step(decayed, m, v, grad, step, learning_rate, beta_1, beta_2, epsilon)\n",
        },
    },
    "exponential_decay": {
        "wrong": {
            "always floors the exponent": EXP_HEAD
            + "    return float(initial_learning_rate * decay_rate ** (step // decay_steps))\n",
            "ignores staircase": EXP_HEAD
            + "    return float(initial_learning_rate * decay_rate ** (step / decay_steps))\n",
            "exponent is the step": EXP_HEAD
            + "    e = step // decay_steps if staircase else step\n"
            "    return float(initial_learning_rate * decay_rate ** e)\n",
            "off by one step": EXP_HEAD
            + "    e = (step + 1) / decay_steps\n"
            "    if staircase:\n"
            "        e = int(e)\n"
            "    return float(initial_learning_rate * decay_rate ** e)\n",
            "returns a tensor": EXP_HEAD
            + "    e = tf.constant(step / decay_steps)\n"
            "    if staircase:\n"
            "        e = tf.floor(e)\n"
            "    return initial_learning_rate * decay_rate ** e\n",
            "rounds instead of flooring": EXP_HEAD
            + "    e = round(step / decay_steps) if staircase else step / decay_steps\n"
            "    return float(initial_learning_rate * decay_rate ** e)\n",
        },
        "right": {
            "math.pow and math.floor": "import math\n\n\n" + EXP_HEAD
            + "    e = math.floor(step / decay_steps) if staircase else step / decay_steps\n"
            "    return initial_learning_rate * math.pow(decay_rate, e)\n",
            "via math.exp and log": "import math\n\n\n" + EXP_HEAD
            + "    e = (step // decay_steps) if staircase else step / decay_steps\n"
            "    return initial_learning_rate * math.exp(e * math.log(decay_rate))\n",
        },
    },
    "clip_by_global_norm": {
        "wrong": {
            "clips each gradient by its own norm (clipnorm)": CLIP_HEAD
            + "    return [tf.clip_by_norm(g, clip_norm) for g in grads]\n",
            "always rescales to clip_norm": CLIP_HEAD
            + "    norm = tf.sqrt(sum(tf.reduce_sum(g**2) for g in grads))\n"
            "    return [g * clip_norm / norm for g in grads]\n",
            "sum of the norms instead of the joint norm": CLIP_HEAD
            + "    norm = sum(tf.norm(g) for g in grads)\n"
            "    return [g * clip_norm / tf.maximum(norm, clip_norm) for g in grads]\n",
            "clips by value": CLIP_HEAD
            + "    return [tf.clip_by_value(g, -clip_norm, clip_norm) for g in grads]\n",
            "returns tf.clip_by_global_norm's pair": CLIP_HEAD
            + "    return tf.clip_by_global_norm(grads, clip_norm)\n",
            "the inputs themselves when below the threshold": CLIP_HEAD
            + "    norm = tf.linalg.global_norm(grads)\n"
            "    if norm <= clip_norm:\n"
            "        return list(grads)\n"
            "    return [g * (clip_norm / norm) for g in grads]\n",
            "returns NumPy arrays": CLIP_HEAD
            + "    arrays = [np.asarray(g) for g in grads]\n"
            "    norm = np.sqrt(sum((a**2).sum() for a in arrays))\n"
            "    return [a * clip_norm / max(norm, clip_norm) for a in arrays]\n",
        },
        "right": {
            "tf.clip_by_global_norm": CLIP_HEAD + "    return tf.clip_by_global_norm(grads, clip_norm)[0]\n",
            "tf.linalg.global_norm with a condition": CLIP_HEAD
            + "    norm = tf.linalg.global_norm(grads)\n"
            "    if norm <= clip_norm:\n"
            "        return [tf.identity(g) for g in grads]\n"
            "    return [g * (clip_norm / norm) for g in grads]\n",
        },
    },
    "make_optimizer": {
        "wrong": {
            "default SGD (too slow)": OPT_HEAD + "    return keras.optimizers.SGD()\n",
            "default Adam (learning rate too small)": OPT_HEAD + "    return keras.optimizers.Adam()\n",
            "SGD with a learning rate that diverges": OPT_HEAD + "    return keras.optimizers.SGD(learning_rate=0.5)\n",
            "tuned on the visible start only": OPT_HEAD + "    return keras.optimizers.Adam(learning_rate=0.1)\n",
            "a string": OPT_HEAD + "    return 'adam'\n",
            "the same optimizer every time": "_shared = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)\n\n\n"
            + OPT_HEAD
            + "    return _shared\n",
        },
        "right": {
            "momentum": OPT_HEAD + "    return keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)\n",
            "momentum with global clipping": OPT_HEAD
            + "    return keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, global_clipnorm=10.0)\n",
        },
    },
}
