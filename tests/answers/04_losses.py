"""Wrong and right answers for 04_losses (see README.md)."""

_MSE_HEAD = '''def mse(y_true, y_pred, reduction="sum_over_batch_size"):
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(y_true, y_pred.dtype)
'''

_PICK = '''def pick_loss(task):
    builders = {
        "house_price": lambda: keras.losses.MeanSquaredError(),
        "house_price_outliers": lambda: keras.losses.Huber(),
        "spam_sigmoid": lambda: keras.losses.BinaryCrossentropy(from_logits=False),
        "spam_logits": lambda: keras.losses.BinaryCrossentropy(from_logits=True),
        "digits_integer_logits": lambda: keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        "digits_onehot_softmax": lambda: keras.losses.CategoricalCrossentropy(from_logits=False),
        "tags_logits": lambda: keras.losses.BinaryCrossentropy(from_logits=True),
        "match_distribution": lambda: keras.losses.KLDivergence(),
    }
    if task not in builders:
        raise ValueError(task)
    return builders[task]()
'''


def _pick_variant(old: str, new: str) -> str:
    assert old in _PICK, old
    return _PICK.replace(old, new)


ANSWERS = {
    "mse": {
        "wrong": {
            "mean over the batch axis": _MSE_HEAD + '''    per = tf.reduce_mean(tf.square(y_pred - y_true), axis=0)
    if reduction is None or reduction == "none":
        return per
    return tf.reduce_sum(per) if reduction == "sum" else tf.reduce_mean(per)
''',
            "sum instead of mean by default": _MSE_HEAD + '''    per = tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)
    if reduction is None or reduction == "none":
        return per
    return tf.reduce_sum(per)
''',
            "divides by the batch size, not the number of per-sample values": _MSE_HEAD + '''    per = tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)
    if reduction is None or reduction == "none":
        return per
    total = tf.reduce_sum(per)
    return total if reduction == "sum" else total / tf.cast(tf.shape(per)[0], per.dtype)
''',
            "always float32": '''def mse(y_true, y_pred, reduction="sum_over_batch_size"):
    y_pred = tf.cast(y_pred, tf.float32)
    y_true = tf.cast(y_true, tf.float32)
    per = tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)
    if reduction is None or reduction == "none":
        return per
    return tf.reduce_sum(per) if reduction == "sum" else tf.reduce_mean(per)
''',
            "NumPy result": '''def mse(y_true, y_pred, reduction="sum_over_batch_size"):
    y_pred = np.asarray(y_pred)
    per = np.mean((y_pred - np.asarray(y_true, dtype=y_pred.dtype)) ** 2, axis=-1)
    if reduction is None or reduction == "none":
        return per
    return per.sum() if reduction == "sum" else per.mean()
''',
            "reduction None treated like the default": _MSE_HEAD + '''    per = tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)
    if reduction == "none":
        return per
    return tf.reduce_sum(per) if reduction == "sum" else tf.reduce_mean(per)
''',
        },
        "right": {
            "sum divided by tf.size": _MSE_HEAD + '''    per = tf.reduce_mean(tf.math.squared_difference(y_pred, y_true), axis=-1)
    if reduction in (None, "none"):
        return per
    total = tf.reduce_sum(per)
    if reduction == "sum":
        return total
    return total / tf.cast(tf.size(per), per.dtype)
''',
            "keras.ops": '''def mse(y_true, y_pred, reduction="sum_over_batch_size"):
    y_pred = keras.ops.convert_to_tensor(y_pred)
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    per = keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)
    return {None: per, "none": per, "sum": keras.ops.sum(per)}.get(reduction, keras.ops.mean(per))
''',
        },
    },
    "huber": {
        "wrong": {
            "linear part not scaled by delta": '''def huber(y_true, y_pred, delta=1.0):
    y_pred = tf.convert_to_tensor(y_pred)
    e = tf.abs(y_pred - tf.cast(y_true, y_pred.dtype))
    return tf.reduce_mean(tf.where(e <= delta, 0.5 * e**2, e - 0.5 * delta), axis=-1)
''',
            "delta ignored (always 1)": '''def huber(y_true, y_pred, delta=1.0):
    y_pred = tf.convert_to_tensor(y_pred)
    e = tf.abs(y_pred - tf.cast(y_true, y_pred.dtype))
    return tf.reduce_mean(tf.where(e <= 1.0, 0.5 * e**2, e - 0.5), axis=-1)
''',
            "half MSE everywhere": '''def huber(y_true, y_pred, delta=1.0):
    y_pred = tf.convert_to_tensor(y_pred)
    e = y_pred - tf.cast(y_true, y_pred.dtype)
    return tf.reduce_mean(0.5 * e**2, axis=-1)
''',
            "reduced to a scalar": '''def huber(y_true, y_pred, delta=1.0):
    y_pred = tf.convert_to_tensor(y_pred)
    e = tf.abs(y_pred - tf.cast(y_true, y_pred.dtype))
    return tf.reduce_mean(tf.where(e <= delta, 0.5 * e**2, delta * (e - 0.5 * delta)))
''',
        },
        "right": {
            "clipped-quadratic form": '''def huber(y_true, y_pred, delta=1.0):
    y_pred = tf.convert_to_tensor(y_pred)
    e = tf.abs(y_pred - tf.cast(y_true, y_pred.dtype))
    q = tf.minimum(e, tf.cast(delta, e.dtype))
    return tf.reduce_mean(0.5 * q**2 + delta * (e - q), axis=-1)
''',
        },
    },
    "bce_from_probs": {
        "wrong": {
            "no clipping": '''def bce_from_probs(y_true, p, epsilon=1e-7):
    p = tf.convert_to_tensor(p)
    y = tf.cast(y_true, p.dtype)
    return tf.reduce_mean(-(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p)), axis=-1)
''',
            "wrong sign": '''def bce_from_probs(y_true, p, epsilon=1e-7):
    p = tf.clip_by_value(tf.convert_to_tensor(p), epsilon, 1 - epsilon)
    y = tf.cast(y_true, p.dtype)
    return tf.reduce_mean(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p), axis=-1)
''',
            "epsilon hard-coded": '''def bce_from_probs(y_true, p, epsilon=1e-7):
    p = tf.clip_by_value(tf.convert_to_tensor(p), 1e-7, 1 - 1e-7)
    y = tf.cast(y_true, p.dtype)
    return tf.reduce_mean(-(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p)), axis=-1)
''',
            "reduced to a scalar": '''def bce_from_probs(y_true, p, epsilon=1e-7):
    p = tf.clip_by_value(tf.convert_to_tensor(p), epsilon, 1 - epsilon)
    y = tf.cast(y_true, p.dtype)
    return tf.reduce_mean(-(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p)))
''',
            "clipped from below only": '''def bce_from_probs(y_true, p, epsilon=1e-7):
    p = tf.maximum(tf.convert_to_tensor(p), epsilon)
    y = tf.cast(y_true, p.dtype)
    return tf.reduce_mean(-(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p)), axis=-1)
''',
            "label term only": '''def bce_from_probs(y_true, p, epsilon=1e-7):
    p = tf.clip_by_value(tf.convert_to_tensor(p), epsilon, 1 - epsilon)
    y = tf.cast(y_true, p.dtype)
    return tf.reduce_mean(-y * tf.math.log(p), axis=-1)
''',
        },
        "right": {
            "keras.ops": '''def bce_from_probs(y_true, p, epsilon=1e-7):
    p = keras.ops.clip(keras.ops.convert_to_tensor(p), epsilon, 1 - epsilon)
    y = keras.ops.cast(y_true, p.dtype)
    per = -(y * keras.ops.log(p) + (1 - y) * keras.ops.log(1 - p))
    return keras.ops.mean(per, axis=-1)
''',
        },
    },
    "cce_from_logits": {
        "wrong": {
            "log of softmax": '''def cce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    y = tf.cast(y_true, logits.dtype)
    return -tf.reduce_sum(y * tf.math.log(tf.nn.softmax(logits)), axis=-1)
''',
            "naive logsumexp without the max": '''def cce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    y = tf.cast(y_true, logits.dtype)
    lse = tf.math.log(tf.reduce_sum(tf.exp(logits), axis=-1, keepdims=True))
    return tf.reduce_sum(y * (lse - logits), axis=-1)
''',
            "Keras from probabilities after softmax": '''def cce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    y = tf.cast(y_true, logits.dtype)
    return keras.losses.CategoricalCrossentropy(reduction=None)(y, tf.nn.softmax(logits))
''',
            "logsumexp term forgotten": '''def cce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    y = tf.cast(y_true, logits.dtype)
    return -tf.reduce_sum(y * logits, axis=-1)
''',
            "true class by argmax (ignores soft labels)": '''def cce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    k = tf.argmax(y_true, axis=-1)
    lse = tf.reduce_logsumexp(logits, axis=-1)
    return lse - tf.gather(logits, k, batch_dims=len(logits.shape) - 1)
''',
        },
        "right": {
            "tf.nn.log_softmax": '''def cce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    return -tf.reduce_sum(tf.cast(y_true, logits.dtype) * tf.nn.log_softmax(logits, axis=-1), axis=-1)
''',
            "tf.nn.softmax_cross_entropy_with_logits": '''def cce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    return tf.nn.softmax_cross_entropy_with_logits(labels=tf.cast(y_true, logits.dtype), logits=logits)
''',
            "max subtracted by hand": '''def cce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    m = tf.reduce_max(logits, axis=-1, keepdims=True)
    lse = m + tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=-1, keepdims=True))
    return tf.reduce_sum(tf.cast(y_true, logits.dtype) * (lse - logits), axis=-1)
''',
        },
    },
    "sparse_cce": {
        "wrong": {
            "one-hot of (batch, 1) labels not flattened": '''def sparse_cce(labels, probs, epsilon=1e-7):
    probs = tf.convert_to_tensor(probs)
    y = tf.one_hot(labels, probs.shape[-1], dtype=probs.dtype)
    return -tf.reduce_sum(y * tf.math.log(tf.clip_by_value(probs, epsilon, 1 - epsilon)), axis=-1)
''',
            "no clipping": '''def sparse_cce(labels, probs, epsilon=1e-7):
    probs = tf.convert_to_tensor(probs)
    labels = tf.reshape(labels, [-1])
    return -tf.math.log(tf.gather(probs, labels, axis=1, batch_dims=1))
''',
            "predicted class instead of the label": '''def sparse_cce(labels, probs, epsilon=1e-7):
    probs = tf.clip_by_value(tf.convert_to_tensor(probs), epsilon, 1 - epsilon)
    return -tf.math.log(tf.reduce_max(probs, axis=-1))
''',
            "labels treated as 1-based": '''def sparse_cce(labels, probs, epsilon=1e-7):
    probs = tf.convert_to_tensor(probs)
    labels = tf.reshape(labels, [-1]) - 1
    return -tf.math.log(tf.clip_by_value(tf.gather(probs, labels, axis=1, batch_dims=1), epsilon, 1 - epsilon))
''',
            "always float32": '''def sparse_cce(labels, probs, epsilon=1e-7):
    probs = tf.cast(probs, tf.float32)
    labels = tf.reshape(labels, [-1])
    return -tf.math.log(tf.clip_by_value(tf.gather(probs, labels, axis=1, batch_dims=1), epsilon, 1 - epsilon))
''',
        },
        "right": {
            "flattened one-hot": '''def sparse_cce(labels, probs, epsilon=1e-7):
    probs = tf.convert_to_tensor(probs)
    y = tf.one_hot(tf.reshape(labels, [-1]), tf.shape(probs)[-1], dtype=probs.dtype)
    return -tf.reduce_sum(y * tf.math.log(tf.clip_by_value(probs, epsilon, 1 - epsilon)), axis=-1)
''',
            "gather_nd": '''def sparse_cce(labels, probs, epsilon=1e-7):
    probs = tf.convert_to_tensor(probs)
    labels = tf.cast(tf.reshape(labels, [-1]), tf.int32)
    idx = tf.stack([tf.range(tf.shape(labels)[0]), labels], axis=1)
    return -tf.math.log(tf.clip_by_value(tf.gather_nd(probs, idx), epsilon, 1 - epsilon))
''',
        },
    },
    "pick_loss": {
        "wrong": {
            "from_logits forgotten for spam_logits": _pick_variant(
                '"spam_logits": lambda: keras.losses.BinaryCrossentropy(from_logits=True)',
                '"spam_logits": lambda: keras.losses.BinaryCrossentropy()'),
            "categorical loss for integer labels": _pick_variant(
                '"digits_integer_logits": lambda: keras.losses.SparseCategoricalCrossentropy(from_logits=True)',
                '"digits_integer_logits": lambda: keras.losses.CategoricalCrossentropy(from_logits=True)'),
            "categorical loss for multi-label tags": _pick_variant(
                '"tags_logits": lambda: keras.losses.BinaryCrossentropy(from_logits=True)',
                '"tags_logits": lambda: keras.losses.CategoricalCrossentropy(from_logits=True)'),
            "MSE despite outliers": _pick_variant(
                '"house_price_outliers": lambda: keras.losses.Huber()',
                '"house_price_outliers": lambda: keras.losses.MeanSquaredError()'),
            "cross-entropy to match a distribution": _pick_variant(
                '"match_distribution": lambda: keras.losses.KLDivergence()',
                '"match_distribution": lambda: keras.losses.CategoricalCrossentropy()'),
            "from_logits=True after a sigmoid": _pick_variant(
                '"spam_sigmoid": lambda: keras.losses.BinaryCrossentropy(from_logits=False)',
                '"spam_sigmoid": lambda: keras.losses.BinaryCrossentropy(from_logits=True)'),
            "shared instances": '''_LOSSES = {
    "house_price": keras.losses.MeanSquaredError(),
    "house_price_outliers": keras.losses.Huber(),
    "spam_sigmoid": keras.losses.BinaryCrossentropy(),
    "spam_logits": keras.losses.BinaryCrossentropy(from_logits=True),
    "digits_integer_logits": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    "digits_onehot_softmax": keras.losses.CategoricalCrossentropy(),
    "tags_logits": keras.losses.BinaryCrossentropy(from_logits=True),
    "match_distribution": keras.losses.KLDivergence(),
}
def pick_loss(task):
    return _LOSSES[task]
''',
            "strings instead of instances": '''def pick_loss(task):
    return {"house_price": "mse", "spam_logits": "binary_crossentropy"}.get(task, "mse")
''',
            "None for an unknown task": _PICK.replace("        raise ValueError(task)", "        return None"),
            "squared log error for outliers (not robust, one-sided)": _pick_variant(
                '"house_price_outliers": lambda: keras.losses.Huber()',
                '"house_price_outliers": lambda: keras.losses.MeanSquaredLogarithmicError()'),
            "from_logits=True after a softmax": _pick_variant(
                '"digits_onehot_softmax": lambda: keras.losses.CategoricalCrossentropy(from_logits=False)',
                '"digits_onehot_softmax": lambda: keras.losses.CategoricalCrossentropy(from_logits=True)'),
        },
        "right": {
            "if/elif with MAE for outliers": '''def pick_loss(task):
    if task == "house_price":
        return keras.losses.MeanSquaredError()
    elif task == "house_price_outliers":
        return keras.losses.MeanAbsoluteError()
    elif task == "spam_sigmoid":
        return keras.losses.BinaryCrossentropy()
    elif task in ("spam_logits", "tags_logits"):
        return keras.losses.BinaryCrossentropy(from_logits=True)
    elif task == "digits_integer_logits":
        return keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    elif task == "digits_onehot_softmax":
        return keras.losses.CategoricalCrossentropy()
    elif task == "match_distribution":
        return keras.losses.KLDivergence()
    raise ValueError(f"no loss for {task}")
''',
            "Huber with a chosen delta": _pick_variant(
                '"house_price_outliers": lambda: keras.losses.Huber()',
                '"house_price_outliers": lambda: keras.losses.Huber(delta=5.0)'),
            "log-cosh for outliers": _pick_variant(
                '"house_price_outliers": lambda: keras.losses.Huber()',
                '"house_price_outliers": lambda: keras.losses.LogCosh()'),
        },
    },
    "corrected_loss": {
        "wrong": {
            "flag always flipped": '''def corrected_loss(model):
    config = dict(model.loss.get_config())
    config["from_logits"] = not config["from_logits"]
    return type(model.loss).from_config(config)
''',
            "activation compared with a string": '''def corrected_loss(model):
    config = dict(model.loss.get_config())
    config["from_logits"] = model.layers[-1].activation not in ("softmax", "sigmoid")
    return type(model.loss).from_config(config)
''',
            "model.loss modified in place": '''def corrected_loss(model):
    loss = model.loss
    flag = model.layers[-1].activation.__name__ == "linear"
    loss.from_logits = flag
    loss._fn_kwargs["from_logits"] = flag
    return loss
''',
            "always sparse categorical": '''def corrected_loss(model):
    flag = model.layers[-1].activation.__name__ == "linear"
    return keras.losses.SparseCategoricalCrossentropy(from_logits=flag)
''',
            "configuration dropped": '''def corrected_loss(model):
    flag = model.layers[-1].activation.__name__ == "linear"
    return type(model.loss)(from_logits=flag)
''',
            "only softmax counts as probabilities": '''def corrected_loss(model):
    config = dict(model.loss.get_config())
    config["from_logits"] = model.layers[-1].activation.__name__ != "softmax"
    return type(model.loss).from_config(config)
''',
            "copy with only the attribute changed": '''import copy
def corrected_loss(model):
    loss = copy.deepcopy(model.loss)
    loss.from_logits = model.layers[-1].activation.__name__ == "linear"
    return loss
''',
        },
        "right": {
            "constructor with the config": '''def corrected_loss(model):
    config = model.loss.get_config()
    config = {**config, "from_logits": model.layers[-1].activation.__name__ == "linear"}
    return type(model.loss)(**config)
''',
            "identity check on the activation function": '''def corrected_loss(model):
    act = model.layers[-1].activation
    probs = act is keras.activations.softmax or act is keras.activations.sigmoid
    return model.loss.__class__.from_config({**model.loss.get_config(), "from_logits": not probs})
''',
        },
    },
}
