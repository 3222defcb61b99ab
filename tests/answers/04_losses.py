"""Wrong and right answers for 04_losses (see README.md)."""

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


_MASKED = '''def masked_mse(y_true, y_pred, mask):
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(y_true, y_pred.dtype)
    mask = tf.cast(mask, y_pred.dtype)
    per_step = tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)
    return tf.math.divide_no_nan(tf.reduce_sum(per_step * mask), tf.reduce_sum(mask))
'''


def _masked(old: str, new: str) -> str:
    assert old in _MASKED, old
    return _MASKED.replace(old, new)


_QUANTILE = '''class QuantileLoss(keras.losses.Loss):
    def __init__(self, quantile=0.5, **kwargs):
        super().__init__(**kwargs)
        self.quantile = quantile

    def call(self, y_true, y_pred):
        y_pred = keras.ops.convert_to_tensor(y_pred)
        error = keras.ops.cast(y_true, y_pred.dtype) - y_pred
        per_element = keras.ops.maximum(self.quantile * error, (self.quantile - 1.0) * error)
        return keras.ops.mean(per_element, axis=-1)

    def get_config(self):
        return {**super().get_config(), "quantile": self.quantile}
'''


def _quantile(old: str, new: str) -> str:
    assert old in _QUANTILE, old
    return _QUANTILE.replace(old, new)


_BCE = '''def bce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    y = tf.cast(y_true, logits.dtype)
    per_element = tf.maximum(logits, 0) - logits * y + tf.math.log1p(tf.exp(-tf.abs(logits)))
    return tf.reduce_mean(per_element, axis=-1)
'''


def _bce(old: str, new: str) -> str:
    assert old in _BCE, old
    return _BCE.replace(old, new)


_SPARSE = '''def sparse_cce_from_logits(labels, logits):
    logits = tf.convert_to_tensor(logits)
    labels = tf.reshape(labels, [-1])
    log_probs = tf.nn.log_softmax(logits, axis=-1)
    return -tf.gather(log_probs, labels, axis=1, batch_dims=1)
'''


def _sparse(old: str, new: str) -> str:
    assert old in _SPARSE, old
    return _SPARSE.replace(old, new)


ANSWERS = {
    "masked_mse": {
        "wrong": {
            "divided by every step (the default reduction)": _masked(
                "tf.math.divide_no_nan(tf.reduce_sum(per_step * mask), tf.reduce_sum(mask))",
                "tf.reduce_mean(per_step * mask)"),
            "mean per sequence, then over the batch": _masked(
                "tf.math.divide_no_nan(tf.reduce_sum(per_step * mask), tf.reduce_sum(mask))",
                "tf.reduce_mean(tf.math.divide_no_nan(tf.reduce_sum(per_step * mask, axis=1), tf.reduce_sum(mask, axis=1)))"),
            "squares summed over the features": _masked(
                "per_step = tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)",
                "per_step = tf.reduce_sum(tf.square(y_pred - y_true), axis=-1)"),
            "mask ignored": _masked(
                "tf.math.divide_no_nan(tf.reduce_sum(per_step * mask), tf.reduce_sum(mask))", "tf.reduce_mean(per_step)"),
            "NaN when every step is padding": _masked(
                "tf.math.divide_no_nan(tf.reduce_sum(per_step * mask), tf.reduce_sum(mask))",
                "tf.reduce_sum(per_step * mask) / tf.reduce_sum(mask)"),
            "mask not cast (fails on an integer mask)": _masked("    mask = tf.cast(mask, y_pred.dtype)\n", ""),
            "a Python 0.0 when nothing is real": '''def masked_mse(y_true, y_pred, mask):
    y_pred = tf.convert_to_tensor(y_pred)
    y_true = tf.cast(y_true, y_pred.dtype)
    mask = tf.cast(mask, y_pred.dtype)
    if tf.reduce_sum(mask) == 0:
        return 0.0
    per_step = tf.reduce_mean(tf.square(y_pred - y_true), axis=-1)
    return tf.reduce_sum(per_step * mask) / tf.reduce_sum(mask)
''',
        },
        "right": {
            "Keras with mean_with_sample_weight": '''def masked_mse(y_true, y_pred, mask):
    y_pred = tf.convert_to_tensor(y_pred)
    loss = keras.losses.MeanSquaredError(reduction="mean_with_sample_weight", dtype=y_pred.dtype)
    return loss(tf.cast(y_true, y_pred.dtype), y_pred, sample_weight=tf.cast(mask, y_pred.dtype))
''',
            "boolean_mask of the real steps": '''def masked_mse(y_true, y_pred, mask):
    y_pred = tf.convert_to_tensor(y_pred)
    diff = y_pred - tf.cast(y_true, y_pred.dtype)
    real = tf.boolean_mask(tf.reduce_mean(diff * diff, axis=-1), tf.cast(mask, tf.bool))
    n = tf.cast(tf.size(real), y_pred.dtype)
    return tf.where(n > 0, tf.reduce_sum(real) / tf.maximum(n, 1), tf.zeros([], y_pred.dtype))
''',
        },
    },
    "quantile_loss": {
        "wrong": {
            "slopes swapped (error as y_pred - y_true)": _quantile(
                "error = keras.ops.cast(y_true, y_pred.dtype) - y_pred", "error = y_pred - keras.ops.cast(y_true, y_pred.dtype)"),
            "quantile ignored (half the MAE)": _quantile(
                "keras.ops.maximum(self.quantile * error, (self.quantile - 1.0) * error)", "0.5 * keras.ops.abs(error)"),
            "squared errors (an expectile)": _quantile(
                "keras.ops.maximum(self.quantile * error, (self.quantile - 1.0) * error)",
                "keras.ops.where(error > 0, self.quantile, 1.0 - self.quantile) * keras.ops.square(error)"),
            "call reduces to a scalar": _quantile(
                "return keras.ops.mean(per_element, axis=-1)", "return keras.ops.mean(per_element)"),
            "quantile missing from get_config": _quantile(
                '        return {**super().get_config(), "quantile": self.quantile}', "        return super().get_config()"),
            "mean over the batch axis": _quantile(
                "return keras.ops.mean(per_element, axis=-1)", "return keras.ops.mean(per_element, axis=0)"),
            "kwargs not passed on": _quantile("super().__init__(**kwargs)", "super().__init__()"),
            "__call__ overridden instead of call (no reduction)": '''class QuantileLoss(keras.losses.Loss):
    def __init__(self, quantile=0.5, **kwargs):
        super().__init__(**kwargs)
        self.quantile = quantile

    def __call__(self, y_true, y_pred, sample_weight=None):
        y_pred = keras.ops.convert_to_tensor(y_pred)
        error = keras.ops.cast(y_true, y_pred.dtype) - y_pred
        return keras.ops.mean(keras.ops.maximum(self.quantile * error, (self.quantile - 1.0) * error))

    def get_config(self):
        return {**super().get_config(), "quantile": self.quantile}
''',
        },
        "right": {
            "indicator form with tf": '''class QuantileLoss(keras.losses.Loss):
    def __init__(self, quantile=0.5, name="quantile_loss", **kwargs):
        super().__init__(name=name, **kwargs)
        self.quantile = float(quantile)

    def call(self, y_true, y_pred):
        e = tf.cast(y_true, y_pred.dtype) - y_pred
        below = tf.cast(e < 0, e.dtype)
        return tf.reduce_mean((self.quantile - below) * e, axis=-1)

    def get_config(self):
        config = super().get_config()
        config.update(quantile=self.quantile)
        return config
''',
        },
    },
    "bce_from_logits": {
        "wrong": {
            "sigmoid, then log": _bce(
                "per_element = tf.maximum(logits, 0) - logits * y + tf.math.log1p(tf.exp(-tf.abs(logits)))",
                "p = tf.sigmoid(logits)\n    per_element = -(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p))"),
            "log(1 + exp(-z)) without the case split": _bce(
                "per_element = tf.maximum(logits, 0) - logits * y + tf.math.log1p(tf.exp(-tf.abs(logits)))",
                "per_element = logits - logits * y + tf.math.log1p(tf.exp(-logits))"),
            "the max(z, 0) term forgotten": _bce("tf.maximum(logits, 0) - logits * y", "-logits * y"),
            "Keras from probabilities after a sigmoid": '''def bce_from_logits(y_true, logits):
    logits = tf.convert_to_tensor(logits)
    loss = keras.losses.BinaryCrossentropy(reduction=None, dtype=logits.dtype)
    return loss(tf.cast(y_true, logits.dtype), tf.sigmoid(logits))
''',
            "labels not cast": _bce("y = tf.cast(y_true, logits.dtype)", "y = y_true"),
            "wrong sign of the label term": _bce("- logits * y +", "+ logits * y - logits +"),
            "sum over the last axis": _bce("tf.reduce_mean(per_element, axis=-1)", "tf.reduce_sum(per_element, axis=-1)"),
            "reduced to a scalar": _bce("tf.reduce_mean(per_element, axis=-1)", "tf.reduce_mean(per_element)"),
        },
        "right": {
            "softplus": '''def bce_from_logits(y_true, logits):
    z = tf.convert_to_tensor(logits)
    return tf.reduce_mean(tf.nn.softplus(z) - z * tf.cast(y_true, z.dtype), axis=-1)
''',
            "log_sigmoid on both sides": '''def bce_from_logits(y_true, logits):
    z = tf.convert_to_tensor(logits)
    y = tf.cast(y_true, z.dtype)
    return -tf.reduce_mean(y * tf.math.log_sigmoid(z) + (1 - y) * tf.math.log_sigmoid(-z), axis=-1)
''',
            "tf.nn.sigmoid_cross_entropy_with_logits": '''def bce_from_logits(y_true, logits):
    z = tf.convert_to_tensor(logits)
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(y_true, z.dtype), logits=z), axis=-1)
''',
        },
    },
    "sparse_cce_from_logits": {
        "wrong": {
            "the colleague's code unchanged": '''def sparse_cce_from_logits(labels, logits):
    one_hot = tf.one_hot(labels, depth=logits.shape[-1])
    return -tf.reduce_sum(one_hot * tf.math.log(tf.nn.softmax(logits)), axis=-1)
''',
            "shape fixed, log of softmax kept": '''def sparse_cce_from_logits(labels, logits):
    logits = tf.convert_to_tensor(logits)
    one_hot = tf.one_hot(tf.reshape(labels, [-1]), depth=logits.shape[-1], dtype=logits.dtype)
    return -tf.reduce_sum(one_hot * tf.math.log(tf.nn.softmax(logits)), axis=-1)
''',
            "log_softmax, shape bug kept": '''def sparse_cce_from_logits(labels, logits):
    logits = tf.convert_to_tensor(logits)
    one_hot = tf.one_hot(labels, depth=logits.shape[-1], dtype=logits.dtype)
    return -tf.reduce_sum(one_hot * tf.nn.log_softmax(logits), axis=-1)
''',
            "tf.squeeze of the labels (a batch of one collapses)": _sparse(
                "labels = tf.reshape(labels, [-1])", "labels = tf.squeeze(labels)"),
            "row indices from the static batch size": '''def sparse_cce_from_logits(labels, logits):
    logits = tf.convert_to_tensor(logits)
    labels = tf.cast(tf.reshape(labels, [-1]), tf.int32)
    rows = tf.range(logits.shape[0])
    return -tf.gather_nd(tf.nn.log_softmax(logits), tf.stack([rows, labels], axis=1))
''',
            "Keras from probabilities after a softmax": '''def sparse_cce_from_logits(labels, logits):
    logits = tf.convert_to_tensor(logits)
    loss = keras.losses.SparseCategoricalCrossentropy(reduction=None, dtype=logits.dtype)
    return loss(labels, tf.nn.softmax(logits))
''',
            "first column of the labels": _sparse("labels = tf.reshape(labels, [-1])", "labels = labels[:, 0]"),
        },
        "right": {
            "tf.nn.sparse_softmax_cross_entropy_with_logits": '''def sparse_cce_from_logits(labels, logits):
    logits = tf.convert_to_tensor(logits)
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(labels, [-1]), logits=logits)
''',
            "logsumexp minus the label's logit, one-hot": '''def sparse_cce_from_logits(labels, logits):
    logits = tf.convert_to_tensor(logits)
    one_hot = tf.one_hot(tf.reshape(labels, [-1]), tf.shape(logits)[-1], dtype=logits.dtype)
    return tf.reduce_logsumexp(logits, axis=-1) - tf.reduce_sum(one_hot * logits, axis=-1)
''',
            "squeeze, then one-hot (broadcasts for a batch of one)": _sparse(
                "labels = tf.reshape(labels, [-1])", "labels = tf.squeeze(labels)").replace(
                "-tf.gather(log_probs, labels, axis=1, batch_dims=1)",
                "-tf.reduce_sum(tf.one_hot(labels, logits.shape[-1], dtype=logits.dtype) * log_probs, axis=-1)"),
            "Keras's function with from_logits": '''def sparse_cce_from_logits(labels, logits):
    return keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
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
