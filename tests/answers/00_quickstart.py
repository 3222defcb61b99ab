"""Wrong and correct alternative answers for chapter 00_quickstart (see README.md)."""



def _wine(body: str) -> str:
    return "def train_wine_classifier(features, labels):\n" + body


_LOGITS_LOSS = "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"

ANSWERS = {
    "softmax": {
        "wrong": {
            "no max subtraction (overflows for large logits)": (
                "def softmax(logits):\n"
                "    exps = tf.exp(logits)\n"
                "    return exps / tf.reduce_sum(exps, axis=1, keepdims=True)"
            ),
            "normalizes over the batch axis": (
                "def softmax(logits):\n"
                "    exps = tf.exp(logits - tf.reduce_max(logits, axis=0, keepdims=True))\n"
                "    return exps / tf.reduce_sum(exps, axis=0, keepdims=True)"
            ),
            "subtracts the maximum of the whole batch": (
                "def softmax(logits):\n"
                "    exps = tf.exp(logits - tf.reduce_max(logits))\n"
                "    return exps / tf.reduce_sum(exps, axis=1, keepdims=True)"
            ),
            "no keepdims": (
                "def softmax(logits):\n"
                "    exps = tf.exp(logits - tf.reduce_max(logits, axis=1, keepdims=True))\n"
                "    return exps / tf.reduce_sum(exps, axis=1)"
            ),
            "subtracts the row minimum (overflows for a wide row)": (
                "def softmax(logits):\n"
                "    exps = tf.exp(logits - tf.reduce_min(logits, axis=1, keepdims=True))\n"
                "    return exps / tf.reduce_sum(exps, axis=1, keepdims=True)"
            ),
            "subtracts the row mean (overflows for a wide row)": (
                "def softmax(logits):\n"
                "    exps = tf.exp(logits - tf.reduce_mean(logits, axis=1, keepdims=True))\n"
                "    return exps / tf.reduce_sum(exps, axis=1, keepdims=True)"
            ),
            "clips the logits instead of shifting them": (
                "def softmax(logits):\n"
                "    exps = tf.exp(tf.clip_by_value(logits, -80.0, 80.0))\n"
                "    return exps / tf.reduce_sum(exps, axis=1, keepdims=True)"
            ),
            "forgets to normalize": "def softmax(logits):\n    return tf.exp(logits - tf.reduce_max(logits, axis=1, keepdims=True))",
            "divides by the sum of the logits": "def softmax(logits):\n    return logits / tf.reduce_sum(logits, axis=1, keepdims=True)",
            "NumPy array": (
                "def softmax(logits):\n"
                "    z = logits.numpy()\n"
                "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
                "    return e / e.sum(axis=1, keepdims=True)"
            ),
        },
        "right": {
            "tf.nn.softmax": "def softmax(logits):\n    return tf.nn.softmax(logits)",
            "exp of log_softmax": "def softmax(logits):\n    return tf.exp(logits - tf.math.reduce_logsumexp(logits, axis=1, keepdims=True))",
            "keras softmax activation": "def softmax(logits):\n    return keras.activations.softmax(logits)",
            "keras.ops, last axis": (
                "def softmax(logits):\n"
                "    exps = keras.ops.exp(logits - keras.ops.max(logits, axis=-1, keepdims=True))\n"
                "    return exps / keras.ops.sum(exps, axis=-1, keepdims=True)"
            ),
            "last axis, newaxis for broadcasting": (
                "def softmax(logits):\n"
                "    exps = tf.exp(logits - tf.reduce_max(logits, axis=-1)[:, tf.newaxis])\n"
                "    return exps / tf.reduce_sum(exps, axis=-1)[:, tf.newaxis]"
            ),
        },
    },
    "cross_entropy_from_logits": {
        "wrong": {
            "log of softmax (infinite for confident mistakes)": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    probs = tf.nn.softmax(logits)\n"
                "    return -tf.reduce_mean(tf.math.log(tf.gather(probs, labels, axis=1, batch_dims=1)))"
            ),
            "log of softmax clipped at 1e-7 (capped at 16.12)": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    probs = tf.clip_by_value(tf.nn.softmax(logits), 1e-7, 1.0)\n"
                "    return -tf.reduce_mean(tf.math.log(tf.gather(probs, labels, axis=1, batch_dims=1)))"
            ),
            "keras loss without from_logits": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    return keras.losses.SparseCategoricalCrossentropy()(labels, logits)"
            ),
            "sum instead of mean": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    log_probs = tf.nn.log_softmax(logits)\n"
                "    return -tf.reduce_sum(tf.gather(log_probs, labels, axis=1, batch_dims=1))"
            ),
            "per-example losses, not their mean": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)"
            ),
            "wrong sign": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    log_probs = logits - tf.math.reduce_logsumexp(logits, axis=1, keepdims=True)\n"
                "    return tf.reduce_mean(tf.gather(log_probs, labels, axis=1, batch_dims=1))"
            ),
            "takes the logit itself, not the log-probability": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    return -tf.reduce_mean(tf.gather(logits, labels, axis=1, batch_dims=1))"
            ),
            "gathers rows instead of each row's label": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    log_probs = tf.nn.log_softmax(logits)\n"
                "    return -tf.reduce_mean(tf.gather(log_probs, labels))"
            ),
            "logsumexp without keepdims": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    log_probs = logits - tf.math.reduce_logsumexp(logits, axis=1)\n"
                "    return -tf.reduce_mean(tf.gather(log_probs, labels, axis=1, batch_dims=1))"
            ),
            "log-sum-exp over the batch axis": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    log_probs = logits - tf.math.reduce_logsumexp(logits, axis=0, keepdims=True)\n"
                "    return -tf.reduce_mean(tf.gather(log_probs, labels, axis=1, batch_dims=1))"
            ),
            "one-hot depth hard-coded to 3": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    onehot = tf.one_hot(labels, 3)\n"
                "    return tf.reduce_mean(tf.math.reduce_logsumexp(logits, axis=1) - tf.reduce_sum(onehot * logits, axis=1))"
            ),
        },
        "right": {
            "keras loss with from_logits=True": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits)"
            ),
            "tf.nn sparse cross-entropy, averaged": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))"
            ),
            "tf.nn.log_softmax and gather": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    log_probs = tf.nn.log_softmax(logits, axis=1)\n"
                "    return -tf.reduce_mean(tf.gather(log_probs, labels, axis=1, batch_dims=1))"
            ),
            "one-hot times logits minus logsumexp": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    onehot = tf.one_hot(labels, logits.shape[1])\n"
                "    true_logit = tf.reduce_sum(onehot * logits, axis=1)\n"
                "    return tf.reduce_mean(tf.math.reduce_logsumexp(logits, axis=1) - true_logit)"
            ),
            "gather_nd with a dynamic batch size": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    labels = tf.cast(labels, tf.int32)\n"
                "    idx = tf.stack([tf.range(tf.shape(labels)[0]), labels], axis=1)\n"
                "    return -tf.reduce_mean(tf.gather_nd(tf.nn.log_softmax(logits), idx))"
            ),
            "max shift by hand": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    m = tf.reduce_max(logits, axis=1, keepdims=True)\n"
                "    lse = m[:, 0] + tf.math.log(tf.reduce_sum(tf.exp(logits - m), axis=1))\n"
                "    true_logit = tf.gather(logits, labels, axis=1, batch_dims=1)\n"
                "    return tf.reduce_mean(lse - true_logit)"
            ),
        },
    },
    "accuracy_from_logits": {
        "wrong": {
            "argmax over the batch axis": (
                "def accuracy_from_logits(logits, labels):\n"
                "    predicted = tf.argmax(logits, axis=0)\n"
                "    return tf.reduce_mean(tf.cast(predicted == tf.cast(labels, tf.int64), tf.float32))"
            ),
            "compares int64 predictions with int32 labels": (
                "def accuracy_from_logits(logits, labels):\n"
                "    return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, axis=1), labels), tf.float32))"
            ),
            "averages booleans": (
                "def accuracy_from_logits(logits, labels):\n"
                "    return tf.reduce_mean(tf.argmax(logits, axis=1) == tf.cast(labels, tf.int64))"
            ),
            "integer mean (always 0 or 1)": (
                "def accuracy_from_logits(logits, labels):\n"
                "    correct = tf.cast(tf.argmax(logits, axis=1) == tf.cast(labels, tf.int64), tf.int32)\n"
                "    return tf.cast(tf.reduce_mean(correct), tf.float32)"
            ),
            "count instead of fraction": (
                "def accuracy_from_logits(logits, labels):\n"
                "    correct = tf.argmax(logits, axis=1) == tf.cast(labels, tf.int64)\n"
                "    return tf.reduce_sum(tf.cast(correct, tf.float32))"
            ),
            "count_nonzero divided by the length (float64)": (
                "def accuracy_from_logits(logits, labels):\n"
                "    correct = tf.argmax(logits, axis=1) == tf.cast(labels, tf.int64)\n"
                "    return tf.math.count_nonzero(correct) / len(labels)"
            ),
            "Python float": (
                "def accuracy_from_logits(logits, labels):\n"
                "    correct = tf.argmax(logits, axis=1) == tf.cast(labels, tf.int64)\n"
                "    return float(tf.reduce_mean(tf.cast(correct, tf.float32)))"
            ),
            "NumPy arithmetic": (
                "def accuracy_from_logits(logits, labels):\n"
                "    return np.mean(np.argmax(logits, axis=1) == labels).astype(np.float32)"
            ),
            "argmin": (
                "def accuracy_from_logits(logits, labels):\n"
                "    correct = tf.argmin(logits, axis=1) == tf.cast(labels, tf.int64)\n"
                "    return tf.reduce_mean(tf.cast(correct, tf.float32))"
            ),
            "error rate instead of accuracy": (
                "def accuracy_from_logits(logits, labels):\n"
                "    wrong = tf.argmax(logits, axis=1) != tf.cast(labels, tf.int64)\n"
                "    return tf.reduce_mean(tf.cast(wrong, tf.float32))"
            ),
        },
        "right": {
            "argmax of the softmax": (
                "def accuracy_from_logits(logits, labels):\n"
                "    predicted = tf.argmax(tf.nn.softmax(logits), axis=1, output_type=tf.int32)\n"
                "    return tf.reduce_mean(tf.cast(predicted == tf.cast(labels, tf.int32), tf.float32))"
            ),
            "argmax in the labels' dtype": (
                "def accuracy_from_logits(logits, labels):\n"
                "    predicted = tf.argmax(logits, axis=-1, output_type=labels.dtype)\n"
                "    return tf.reduce_mean(tf.where(predicted == labels, 1.0, 0.0))"
            ),
            "keras SparseCategoricalAccuracy": (
                "def accuracy_from_logits(logits, labels):\n"
                "    metric = keras.metrics.SparseCategoricalAccuracy()\n"
                "    metric.update_state(labels, logits)\n"
                "    return tf.convert_to_tensor(metric.result())"
            ),
            "count_nonzero cast to float32": (
                "def accuracy_from_logits(logits, labels):\n"
                "    correct = tf.math.count_nonzero(tf.argmax(logits, 1) == tf.cast(labels, tf.int64))\n"
                "    return tf.cast(correct, tf.float32) / tf.cast(tf.size(labels), tf.float32)"
            ),
        },
    },
    "train_wine_classifier": {
        "wrong": {
            "the digits model copied (input (8, 8), 10 classes)": _wine(
                "    model = keras.Sequential([keras.Input((8, 8)), keras.layers.Flatten(),\n"
                "                              keras.layers.Dense(128, activation='relu'), keras.layers.Dropout(0.2),\n"
                "                              keras.layers.Dense(10)])\n"
                f"    model.compile(optimizer='adam', loss={_LOGITS_LOSS})\n"
                "    model.fit(features, labels, epochs=20, verbose=0)\n"
                "    return model"
            ),
            "raw features, no standardization": _wine(
                "    model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(32, activation='relu'),\n"
                "                              keras.layers.Dense(3)])\n"
                f"    model.compile(optimizer='adam', loss={_LOGITS_LOSS})\n"
                "    model.fit(features, labels, epochs=30, verbose=0)\n"
                "    return model"
            ),
            "standardizes outside the model (trained on scaled, used on raw)": _wine(
                "    scaled = (features - features.mean(axis=0)) / features.std(axis=0)\n"
                "    model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(32, activation='relu'),\n"
                "                              keras.layers.Dense(3)])\n"
                f"    model.compile(optimizer=keras.optimizers.Adam(0.01), loss={_LOGITS_LOSS})\n"
                "    model.fit(scaled, labels, epochs=20, verbose=0)\n"
                "    return model"
            ),
            "standardizes the features in place": _wine(
                "    normalize = keras.layers.Normalization()\n"
                "    normalize.adapt(features)\n"
                "    features -= features.mean(axis=0)\n"
                "    features /= features.std(axis=0)\n"
                "    model = keras.Sequential([keras.Input((13,)), normalize, keras.layers.Dense(32, activation='relu'),\n"
                "                              keras.layers.Dense(3)])\n"
                f"    model.compile(optimizer=keras.optimizers.Adam(0.01), loss={_LOGITS_LOSS})\n"
                "    model.fit(features, labels, epochs=20, verbose=0)\n"
                "    return model"
            ),
            "softmax output (probabilities, not logits)": _wine(
                "    normalize = keras.layers.Normalization()\n"
                "    normalize.adapt(features)\n"
                "    model = keras.Sequential([keras.Input((13,)), normalize, keras.layers.Dense(32, activation='relu'),\n"
                "                              keras.layers.Dense(3, activation='softmax')])\n"
                "    model.compile(optimizer=keras.optimizers.Adam(0.01), loss='sparse_categorical_crossentropy')\n"
                "    model.fit(features, labels, epochs=20, verbose=0)\n"
                "    return model"
            ),
            "forgets to train": _wine(
                "    normalize = keras.layers.Normalization()\n"
                "    normalize.adapt(features)\n"
                "    model = keras.Sequential([keras.Input((13,)), normalize, keras.layers.Dense(32, activation='relu'),\n"
                "                              keras.layers.Dense(3)])\n"
                f"    model.compile(optimizer=keras.optimizers.Adam(0.01), loss={_LOGITS_LOSS})\n"
                "    return model"
            ),
            "ten output units copied from the digits": _wine(
                "    normalize = keras.layers.Normalization()\n"
                "    normalize.adapt(features)\n"
                "    model = keras.Sequential([keras.Input((13,)), normalize, keras.layers.Dense(32, activation='relu'),\n"
                "                              keras.layers.Dense(10)])\n"
                f"    model.compile(optimizer=keras.optimizers.Adam(0.01), loss={_LOGITS_LOSS})\n"
                "    model.fit(features, labels, epochs=20, verbose=0)\n"
                "    return model"
            ),
            "returns the training history": _wine(
                "    normalize = keras.layers.Normalization()\n"
                "    normalize.adapt(features)\n"
                "    model = keras.Sequential([keras.Input((13,)), normalize, keras.layers.Dense(32, activation='relu'),\n"
                "                              keras.layers.Dense(3)])\n"
                f"    model.compile(optimizer=keras.optimizers.Adam(0.01), loss={_LOGITS_LOSS})\n"
                "    return model.fit(features, labels, epochs=20, verbose=0)"
            ),
        },
        "right": {
            "functional API, full-batch training": _wine(
                "    normalize = keras.layers.Normalization()\n"
                "    normalize.adapt(features)\n"
                "    inputs = keras.Input((13,))\n"
                "    x = keras.layers.Dense(16, activation='relu')(normalize(inputs))\n"
                "    model = keras.Model(inputs, keras.layers.Dense(3)(x))\n"
                f"    model.compile(optimizer=keras.optimizers.Adam(0.05), loss={_LOGITS_LOSS})\n"
                "    model.fit(features, labels, epochs=40, batch_size=len(features), verbose=0)\n"
                "    return model"
            ),
            "Normalization given NumPy statistics": _wine(
                "    normalize = keras.layers.Normalization(mean=features.mean(axis=0), variance=features.var(axis=0))\n"
                "    model = keras.Sequential([keras.Input((13,)), normalize,\n"
                "                              keras.layers.Dense(64, activation='relu'), keras.layers.Dropout(0.2),\n"
                "                              keras.layers.Dense(3)])\n"
                f"    model.compile(optimizer=keras.optimizers.Adam(0.01), loss={_LOGITS_LOSS}, metrics=['accuracy'])\n"
                "    model.fit(features, labels, epochs=25, batch_size=16, verbose=0)\n"
                "    return model"
            ),
            "standardizing inside a Lambda layer": _wine(
                "    mean, std = features.mean(axis=0), features.std(axis=0)\n"
                "    model = keras.Sequential([keras.Input((13,)), keras.layers.Lambda(lambda x: (x - mean) / std),\n"
                "                              keras.layers.Dense(32, activation='relu'), keras.layers.Dense(3)])\n"
                f"    model.compile(optimizer=keras.optimizers.Adam(0.01), loss={_LOGITS_LOSS})\n"
                "    model.fit(features, labels, epochs=20, verbose=0)\n"
                "    return model"
            ),
        },
    },
}
