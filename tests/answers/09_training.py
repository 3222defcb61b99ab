"""Wrong and alternative answers for chapter 09 (see tests/answers/README.md)."""

_PIPE_HEAD = "def digits_pipeline(images, labels, batch_size, training, seed=0):\n"
_PREP = (
    "    def preprocess(x, y):\n"
    "        return tf.cast(x, tf.float32) / 16.0, tf.cast(y, tf.int32)\n"
    "    ds = tf.data.Dataset.from_tensor_slices((images, labels))\n"
)


def _pipe(body):
    return _PIPE_HEAD + _PREP + body


_WEIGHTED_HEAD = "def compile_weighted(model, learning_rate):\n"
_ACC = "keras.metrics.BinaryAccuracy(threshold=0.0, name={!r})"
_METRICS = "[" + _ACC.format("accuracy") + "]"
_WEIGHTED = "[" + _ACC.format("weighted_accuracy") + "]"


def _weighted(optimizer="keras.optimizers.Adam(learning_rate)",
              loss="keras.losses.BinaryCrossentropy(from_logits=True)",
              metrics=_METRICS, weighted=_WEIGHTED):
    args = [f"optimizer={optimizer}", f"loss={loss}"]
    if metrics is not None:
        args.append(f"metrics={metrics}")
    if weighted is not None:
        args.append(f"weighted_metrics={weighted}")
    return _WEIGHTED_HEAD + "    model.compile(" + ", ".join(args) + ")\n    return model\n"


_DIAG_HEAD = "def diagnose(history, tolerance, validation_freq=1):\n"


def _diag(epochs_line, best_line="    best = min(range(len(v)), key=lambda i: v[i])\n",
          over="v[-1] - v[best] > tolerance"):
    return _DIAG_HEAD + (
        epochs_line
        + "    v = history.history['val_loss']\n"
        + best_line
        + "    if best == len(v) - 1:\n"
        "        return validated[best], 'underfitting'\n"
        f"    if {over}:\n"
        "        return validated[best], 'overfitting'\n"
        "    return validated[best], 'converged'\n"
    )


_VALIDATED = "    validated = [e for e in history.epoch if (e + 1) % validation_freq == 0]\n"

_RESUME_HEAD = "def resume_training(path, x, y, initial_epoch, more_epochs, batch_size):\n"
_RESTORE_HEAD = "def restore_with_optimizer(model, path):\n"

ANSWERS = {
    "digits_pipeline": {
        "wrong": {
            "not scaled to [0, 1]": _PIPE_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((images, labels))\n"
                "    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32), tf.cast(y, tf.int32))).cache()\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "divided by 255": _PIPE_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((images, labels))\n"
                "    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, tf.cast(y, tf.int32))).cache()\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "no casts (float64 features, int64 labels)": _PIPE_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((images, labels))\n"
                "    ds = ds.map(lambda x, y: (x / 16, y)).cache()\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffle before the cache (the same order every epoch)": _pipe(
                "    ds = ds.map(preprocess)\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.cache().batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "cache before the map": _pipe(
                "    ds = ds.cache().map(preprocess)\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "no cache": _pipe(
                "    ds = ds.map(preprocess)\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffles the evaluation pipeline too": _pipe(
                "    ds = ds.map(preprocess).cache().shuffle(len(images), seed=seed)\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffle after batch": _pipe(
                "    ds = ds.map(preprocess).cache().batch(batch_size)\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffle buffer of batch_size": _pipe(
                "    ds = ds.map(preprocess).cache()\n"
                "    if training:\n"
                "        ds = ds.shuffle(batch_size, seed=seed)\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffle without the seed": _pipe(
                "    ds = ds.map(preprocess).cache()\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images))\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "drops the short last batch": _pipe(
                "    ds = ds.map(preprocess).cache()\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "no prefetch": _pipe(
                "    ds = ds.map(preprocess).cache()\n"
                "    if training:\n"
                "        ds = ds.shuffle(len(images), seed=seed)\n"
                "    return ds.batch(batch_size)\n"
            ),
        },
        "right": {
            "NumPy casts first, map only scales, sequential map, prefetch(1)": _PIPE_HEAD + (
                "    x = np.asarray(images, dtype=np.float32)\n"
                "    y = np.asarray(labels).astype(np.int32)\n"
                "    ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (a * (1 / 16), b))\n"
                "    ds = ds.cache()\n"
                "    if training:\n"
                "        ds = ds.shuffle(buffer_size=ds.cardinality(), seed=seed, reshuffle_each_iteration=True)\n"
                "    ds = ds.batch(batch_size, drop_remainder=False)\n"
                "    return ds.prefetch(1)\n"
            ),
        },
    },
    "balanced_class_weights": {
        "wrong": {
            "count / n (frequencies, not weights)": (
                "def balanced_class_weights(y):\n"
                "    labels, counts = np.unique(y, return_counts=True)\n"
                "    return {int(c): float(m / len(y)) for c, m in zip(labels, counts)}\n"
            ),
            "n / count (forgot k)": (
                "def balanced_class_weights(y):\n"
                "    labels, counts = np.unique(y, return_counts=True)\n"
                "    return {int(c): float(len(y) / m) for c, m in zip(labels, counts)}\n"
            ),
            "NumPy integer keys": (
                "def balanced_class_weights(y):\n"
                "    labels, counts = np.unique(y, return_counts=True)\n"
                "    return {c: float(len(y) / (len(labels) * m)) for c, m in zip(labels, counts)}\n"
            ),
            "classes assumed to be 0..max": (
                "def balanced_class_weights(y):\n"
                "    counts = np.bincount(y)\n"
                "    k = len(counts)\n"
                "    return {int(c): float(len(y) / (k * m)) for c, m in enumerate(counts) if m}\n"
            ),
            "1 / count": (
                "def balanced_class_weights(y):\n"
                "    labels, counts = np.unique(y, return_counts=True)\n"
                "    return {int(c): float(1 / m) for c, m in zip(labels, counts)}\n"
            ),
        },
        "right": {
            "collections.Counter": (
                "from collections import Counter\n"
                "def balanced_class_weights(y):\n"
                "    counts = Counter(int(v) for v in y)\n"
                "    n, k = len(y), len(counts)\n"
                "    return {c: n / (k * m) for c, m in sorted(counts.items())}\n"
            ),
            "scikit-learn": (
                "from sklearn.utils.class_weight import compute_class_weight\n"
                "def balanced_class_weights(y):\n"
                "    classes = np.unique(y)\n"
                "    w = compute_class_weight('balanced', classes=classes, y=y)\n"
                "    return {int(c): float(v) for c, v in zip(classes, w)}\n"
            ),
        },
    },
    "compile_weighted": {
        "wrong": {
            "the string 'accuracy' (threshold 0.5 on logits)": _weighted(metrics="['accuracy']", weighted="['accuracy']"),
            "BinaryAccuracy with its default threshold": _weighted(
                metrics="[keras.metrics.BinaryAccuracy(name='accuracy')]",
                weighted="[keras.metrics.BinaryAccuracy(name='weighted_accuracy')]"),
            "no weighted_metrics": _weighted(weighted=None),
            "only weighted_metrics": _weighted(metrics=None, weighted="[" + _ACC.format("accuracy") + "]"),
            "metrics and weighted_metrics swapped": _weighted(
                metrics="[" + _ACC.format("weighted_accuracy") + "]",
                weighted="[" + _ACC.format("accuracy") + "]"),
            "loss without from_logits": _weighted(loss="keras.losses.BinaryCrossentropy()"),
            "learning rate ignored": _weighted(optimizer="'adam'"),
            "weighted metric with the default name": _weighted(weighted="[keras.metrics.BinaryAccuracy(threshold=0.0)]"),
            "does not return the model": _WEIGHTED_HEAD + (
                "    model.compile(optimizer=keras.optimizers.Adam(learning_rate),\n"
                "                  loss=keras.losses.BinaryCrossentropy(from_logits=True),\n"
                "                  metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name='accuracy')],\n"
                "                  weighted_metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name='weighted_accuracy')])\n"
            ),
        },
        "right": {
            "same name in both lists (Keras adds weighted_)": _weighted(
                optimizer="keras.optimizers.Adam(learning_rate=learning_rate)",
                weighted="[" + _ACC.format("accuracy") + "]"),
            "the loss function with from_logits via a lambda-free Loss subclass": _WEIGHTED_HEAD + (
                "    loss = keras.losses.BinaryCrossentropy(from_logits=True, reduction='sum_over_batch_size')\n"
                "    accuracy = lambda name: keras.metrics.BinaryAccuracy(name=name, threshold=0)\n"
                "    model.compile(keras.optimizers.Adam(learning_rate), loss,\n"
                "                  metrics=[accuracy('accuracy')], weighted_metrics=[accuracy('weighted_accuracy')])\n"
                "    return model\n"
            ),
        },
    },
    "diagnose": {
        "wrong": {
            "restore_epoch as an index, not the epoch number": _diag(
                "    validated = [i for i, e in enumerate(history.epoch) if (e + 1) % validation_freq == 0]\n"),
            "validation_freq ignored": _diag("    validated = list(history.epoch)\n"),
            "validated epochs taken as e % validation_freq == 0": _diag(
                "    validated = [e for e in history.epoch if e % validation_freq == 0]\n"),
            "validation schedule counted from initial_epoch": _diag(
                "    validated = history.epoch[validation_freq - 1::validation_freq]\n"),
            "last of tied epochs": _diag(
                _VALIDATED, best_line="    best = len(v) - 1 - min(range(len(v)), key=lambda i: v[::-1][i])\n"),
            "training loss instead of validation loss": _DIAG_HEAD + (
                "    v = history.history['loss']\n"
                "    best = min(range(len(v)), key=lambda i: v[i])\n"
                "    if best == len(v) - 1:\n"
                "        return history.epoch[best], 'underfitting'\n"
                "    if v[-1] - v[best] > tolerance:\n"
                "        return history.epoch[best], 'overfitting'\n"
                "    return history.epoch[best], 'converged'\n"
            ),
            ">= tolerance": _diag(_VALIDATED, over="v[-1] - v[best] >= tolerance"),
            "rise measured from the first epoch": _diag(_VALIDATED, over="v[-1] - v[0] > tolerance"),
            "gap between validation and training loss": _diag(
                _VALIDATED, over="v[-1] - history.history['loss'][-1] > tolerance"),
        },
        "right": {
            "NumPy, epochs from range": _DIAG_HEAD + (
                "    v = np.asarray(history.history['val_loss'])\n"
                "    best = int(np.argmin(v))\n"
                "    first = history.epoch[0]\n"
                "    validated = [e for e in range(first, history.epoch[-1] + 1) if (e + 1) % validation_freq == 0]\n"
                "    epoch = validated[best]\n"
                "    if best == v.size - 1:\n"
                "        verdict = 'underfitting'\n"
                "    elif v[-1] > v[best] + tolerance:\n"
                "        verdict = 'overfitting'\n"
                "    else:\n"
                "        verdict = 'converged'\n"
                "    return (epoch, verdict)\n"
            ),
        },
    },
    "resume_training": {
        "wrong": {
            "compiles again after loading (a new optimizer)": _RESUME_HEAD + (
                "    model = keras.models.load_model(path)\n"
                "    model.compile(optimizer=keras.optimizers.Adam(0.003), loss=model.loss)\n"
                "    history = model.fit(x, y, batch_size=batch_size, epochs=initial_epoch + more_epochs,\n"
                "                        initial_epoch=initial_epoch, verbose=0)\n"
                "    model.save(path)\n"
                "    return history\n"
            ),
            "loads with compile=False and compiles with defaults": _RESUME_HEAD + (
                "    model = keras.models.load_model(path, compile=False)\n"
                "    model.compile(optimizer='adam', loss='mse')\n"
                "    history = model.fit(x, y, batch_size=batch_size, epochs=initial_epoch + more_epochs,\n"
                "                        initial_epoch=initial_epoch, verbose=0)\n"
                "    model.save(path)\n"
                "    return history\n"
            ),
            "epochs=more_epochs (epochs is the last epoch number)": _RESUME_HEAD + (
                "    model = keras.models.load_model(path)\n"
                "    history = model.fit(x, y, batch_size=batch_size, epochs=more_epochs,\n"
                "                        initial_epoch=initial_epoch, verbose=0)\n"
                "    model.save(path)\n"
                "    return history\n"
            ),
            "no initial_epoch (numbering restarts at 0)": _RESUME_HEAD + (
                "    model = keras.models.load_model(path)\n"
                "    history = model.fit(x, y, batch_size=batch_size, epochs=more_epochs, verbose=0)\n"
                "    model.save(path)\n"
                "    return history\n"
            ),
            "does not save back": _RESUME_HEAD + (
                "    model = keras.models.load_model(path)\n"
                "    return model.fit(x, y, batch_size=batch_size, epochs=initial_epoch + more_epochs,\n"
                "                     initial_epoch=initial_epoch, verbose=0)\n"
            ),
            "batch_size ignored": _RESUME_HEAD + (
                "    model = keras.models.load_model(path)\n"
                "    history = model.fit(x, y, epochs=initial_epoch + more_epochs, initial_epoch=initial_epoch, verbose=0)\n"
                "    model.save(path)\n"
                "    return history\n"
            ),
            "returns history.history": _RESUME_HEAD + (
                "    model = keras.models.load_model(path)\n"
                "    history = model.fit(x, y, batch_size=batch_size, epochs=initial_epoch + more_epochs,\n"
                "                        initial_epoch=initial_epoch, verbose=0)\n"
                "    model.save(path)\n"
                "    return history.history\n"
            ),
        },
        "right": {
            "keras.saving functions, a loop of one-epoch fits": _RESUME_HEAD + (
                "    model = keras.saving.load_model(path)\n"
                "    history = keras.callbacks.History()\n"
                "    history.epoch, history.history = [], {}\n"
                "    for epoch in range(initial_epoch, initial_epoch + more_epochs):\n"
                "        h = model.fit(x, y, batch_size=batch_size, epochs=epoch + 1, initial_epoch=epoch, verbose=0)\n"
                "        history.epoch += h.epoch\n"
                "        for key, values in h.history.items():\n"
                "            history.history.setdefault(key, []).extend(values)\n"
                "    keras.saving.save_model(model, path)\n"
                "    return history\n"
            ),
        },
    },
    "restore_with_optimizer": {
        "wrong": {
            "load_weights alone (the optimizer part is skipped)": _RESTORE_HEAD + (
                "    model.load_weights(path)\n    return model\n"),
            "optimizer built after load_weights": _RESTORE_HEAD + (
                "    model.load_weights(path)\n"
                "    model.optimizer.build(model.trainable_variables)\n"
                "    return model\n"),
            "optimizer built on all weights (non-trainable too)": _RESTORE_HEAD + (
                "    model.optimizer.build(model.weights)\n"
                "    model.load_weights(path)\n"
                "    return model\n"),
            "compiled again first": _RESTORE_HEAD + (
                "    model.compile(optimizer=model.optimizer, loss=model.loss)\n"
                "    model.load_weights(path)\n"
                "    return model\n"),
            "loads into a clone": _RESTORE_HEAD + (
                "    clone = keras.models.clone_model(model)\n"
                "    clone.compile(optimizer=model.optimizer.__class__.from_config(model.optimizer.get_config()), loss=model.loss)\n"
                "    clone.optimizer.build(clone.trainable_variables)\n"
                "    clone.load_weights(path)\n"
                "    return clone\n"),
            "load_model on the weights file": _RESTORE_HEAD + (
                "    return keras.models.load_model(path)\n"),
        },
        "right": {
            "builds the optimizer through model.optimizer.build with a list": _RESTORE_HEAD + (
                "    variables = [v for v in model.trainable_weights]\n"
                "    if not model.optimizer.built:\n"
                "        model.optimizer.build(variables)\n"
                "    model.load_weights(path)\n"
                "    return model\n"),
        },
    },
}
