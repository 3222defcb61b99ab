"""Wrong and correct alternative answers for chapter 00_quickstart (see README.md)."""

_MODEL_HEAD = "def build_model():\n    return keras.Sequential([\n        keras.Input((8, 8)),\n"

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
                "    log_probs = tf.nn.log_softmax(logits)\n"
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
            "one-hot times logits minus logsumexp": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    onehot = tf.one_hot(labels, logits.shape[1])\n"
                "    true_logit = tf.reduce_sum(onehot * logits, axis=1)\n"
                "    return tf.reduce_mean(tf.math.reduce_logsumexp(logits, axis=1) - true_logit)"
            ),
            "gather_nd": (
                "def cross_entropy_from_logits(logits, labels):\n"
                "    idx = tf.stack([tf.range(tf.shape(labels)[0]), labels], axis=1)\n"
                "    return -tf.reduce_mean(tf.gather_nd(tf.nn.log_softmax(logits), idx))"
            ),
        },
    },
    "build_model": {
        "wrong": {
            "softmax on the last layer": _MODEL_HEAD + (
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dense(128, activation='relu'),\n"
                "        keras.layers.Dropout(0.2),\n"
                "        keras.layers.Dense(10, activation='softmax'),\n"
                "    ])"
            ),
            "no dropout": _MODEL_HEAD + (
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dense(128, activation='relu'),\n"
                "        keras.layers.Dense(10),\n"
                "    ])"
            ),
            "no Flatten": _MODEL_HEAD + (
                "        keras.layers.Dense(128, activation='relu'),\n"
                "        keras.layers.Dropout(0.2),\n"
                "        keras.layers.Dense(10),\n"
                "    ])"
            ),
            "no activation on the hidden layer": _MODEL_HEAD + (
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dense(128),\n"
                "        keras.layers.Dropout(0.2),\n"
                "        keras.layers.Dense(10),\n"
                "    ])"
            ),
            "dropout rate 0.5": _MODEL_HEAD + (
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dense(128, activation='relu'),\n"
                "        keras.layers.Dropout(0.5),\n"
                "        keras.layers.Dense(10),\n"
                "    ])"
            ),
            "compiled": (
                "def build_model():\n"
                "    m = keras.Sequential([keras.Input((8, 8)), keras.layers.Flatten(),\n"
                "                          keras.layers.Dense(128, activation='relu'), keras.layers.Dropout(0.2),\n"
                "                          keras.layers.Dense(10)])\n"
                "    m.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
                "    return m"
            ),
            "returns the chapter's trained model": "def build_model():\n    return model",
            "64 hidden units": _MODEL_HEAD + (
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dense(64, activation='relu'),\n"
                "        keras.layers.Dropout(0.2),\n"
                "        keras.layers.Dense(10),\n"
                "    ])"
            ),
        },
        "right": {
            "functional API": (
                "def build_model():\n"
                "    inputs = keras.Input((8, 8))\n"
                "    x = keras.layers.Flatten()(inputs)\n"
                "    x = keras.layers.Dense(128, activation='relu')(x)\n"
                "    x = keras.layers.Dropout(0.2)(x)\n"
                "    return keras.Model(inputs, keras.layers.Dense(10)(x))"
            ),
            "Sequential built with add": (
                "def build_model():\n"
                "    m = keras.Sequential()\n"
                "    m.add(keras.Input(shape=(8, 8)))\n"
                "    m.add(keras.layers.Flatten())\n"
                "    m.add(keras.layers.Dense(128, activation=tf.nn.relu))\n"
                "    m.add(keras.layers.Dropout(rate=0.2))\n"
                "    m.add(keras.layers.Dense(10, activation=None))\n"
                "    return m"
            ),
        },
    },
    "predicted_labels": {
        "wrong": {
            "argmax over the batch axis": "def predicted_labels(probs):\n    return tf.argmax(probs, axis=0)",
            "NumPy argmax": "def predicted_labels(probs):\n    return np.argmax(probs, axis=1)",
            "the highest probability, not its class": "def predicted_labels(probs):\n    return tf.reduce_max(probs, axis=1)",
            "argmin": "def predicted_labels(probs):\n    return tf.argmin(probs, axis=1)",
            "cast to float": "def predicted_labels(probs):\n    return tf.cast(tf.argmax(probs, axis=1), tf.float32)",
            "takes the log of probs in place": (
                "def predicted_labels(probs):\n"
                "    np.log(probs, out=probs)\n"
                "    return tf.argmax(probs, axis=1)"
            ),
            "visible example hard-coded": "def predicted_labels(probs):\n    return tf.constant([1, 0, 2, 1], dtype=tf.int64)",
        },
        "right": {
            "last axis": "def predicted_labels(probs):\n    return tf.argmax(probs, axis=-1)",
            "NumPy argmax converted": "def predicted_labels(probs):\n    return tf.convert_to_tensor(np.argmax(probs, axis=1).astype(np.int64))",
            "argmax of the log-probabilities": "def predicted_labels(probs):\n    return tf.math.argmax(tf.math.log(probs), axis=1, output_type=tf.int64)",
        },
    },
}
