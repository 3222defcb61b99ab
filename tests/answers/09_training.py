_DATASET_HEAD = 'def make_dataset(x, y, batch_size, seed=None, drop_remainder=False):\n'

ANSWERS = {
    "make_dataset": {
        "wrong": {
            "no cast to float32 / int32": _DATASET_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
                "    if seed is not None:\n"
                "        ds = ds.shuffle(len(x), seed=seed)\n"
                "    return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "batch before shuffle": _DATASET_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((x.astype('float32'), y.astype('int32')))\n"
                "    ds = ds.batch(batch_size, drop_remainder=drop_remainder)\n"
                "    if seed is not None:\n"
                "        ds = ds.shuffle(len(x), seed=seed)\n"
                "    return ds.prefetch(tf.data.AUTOTUNE)\n"
            ),
            "drop_remainder ignored": _DATASET_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((x.astype('float32'), y.astype('int32')))\n"
                "    if seed is not None:\n"
                "        ds = ds.shuffle(len(x), seed=seed)\n"
                "    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffle without the seed": _DATASET_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((x.astype('float32'), y.astype('int32')))\n"
                "    if seed is not None:\n"
                "        ds = ds.shuffle(len(x))\n"
                "    return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffle buffer of 1 (no shuffling)": _DATASET_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((x.astype('float32'), y.astype('int32')))\n"
                "    if seed is not None:\n"
                "        ds = ds.shuffle(1, seed=seed)\n"
                "    return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffles the caller's arrays in place": _DATASET_HEAD + (
                "    if seed is not None:\n"
                "        rng = np.random.default_rng(seed)\n"
                "        order = rng.permutation(len(x))\n"
                "        x[:] = x[order]\n"
                "        y[:] = y[order]\n"
                "    ds = tf.data.Dataset.from_tensor_slices((x.astype('float32'), y.astype('int32')))\n"
                "    return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "shuffle buffer of batch_size": _DATASET_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((x.astype('float32'), y.astype('int32')))\n"
                "    if seed is not None:\n"
                "        ds = ds.shuffle(batch_size, seed=seed)\n"
                "    return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(tf.data.AUTOTUNE)\n"
            ),
            "no prefetch": _DATASET_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((x.astype('float32'), y.astype('int32')))\n"
                "    if seed is not None:\n"
                "        ds = ds.shuffle(len(x), seed=seed)\n"
                "    return ds.batch(batch_size, drop_remainder=drop_remainder)\n"
            ),
            "a list of batches instead of a dataset": _DATASET_HEAD + (
                "    return [(x[i:i + batch_size].astype('float32'), y[i:i + batch_size].astype('int32'))\n"
                "            for i in range(0, len(x), batch_size)]\n"
            ),
        },
        "right": {
            "casts with tf.cast inside map, NumPy permutation with the seed": _DATASET_HEAD + (
                "    if seed is not None:\n"
                "        order = np.random.default_rng(seed).permutation(len(x))\n"
                "        x, y = x[order], y[order]\n"
                "    ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
                "    ds = ds.map(lambda a, b: (tf.cast(a, tf.float32), tf.cast(b, tf.int32)))\n"
                "    ds = ds.batch(batch_size, drop_remainder=drop_remainder)\n"
                "    return ds.prefetch(buffer_size=tf.data.AUTOTUNE)\n"
            ),
            "shuffle that does not reshuffle each iteration": _DATASET_HEAD + (
                "    ds = tf.data.Dataset.from_tensor_slices((np.asarray(x, np.float32), np.asarray(y, np.int32)))\n"
                "    if seed is not None:\n"
                "        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=False)\n"
                "    return ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(tf.data.AUTOTUNE)\n"
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
    "noisy_sample_weights": {
        "wrong": {
            "not normalized": (
                "def noisy_sample_weights(noisy, noisy_weight):\n"
                "    return np.where(noisy, noisy_weight, 1.0).astype('float32')\n"
            ),
            "float64": (
                "def noisy_sample_weights(noisy, noisy_weight):\n"
                "    w = np.where(noisy, noisy_weight, 1.0)\n"
                "    return w / w.mean()\n"
            ),
            "normalized to sum 1": (
                "def noisy_sample_weights(noisy, noisy_weight):\n"
                "    w = np.where(noisy, noisy_weight, 1.0)\n"
                "    return (w / w.sum()).astype('float32')\n"
            ),
            "mask inverted": (
                "def noisy_sample_weights(noisy, noisy_weight):\n"
                "    w = np.where(noisy, 1.0, noisy_weight)\n"
                "    return (w / w.mean()).astype('float32')\n"
            ),
            "a tensor instead of a NumPy array": (
                "def noisy_sample_weights(noisy, noisy_weight):\n"
                "    w = tf.where(noisy, noisy_weight, 1.0)\n"
                "    return w / tf.reduce_mean(w)\n"
            ),
        },
        "right": {
            "arithmetic on the mask": (
                "def noisy_sample_weights(noisy, noisy_weight):\n"
                "    mask = np.asarray(noisy, dtype=np.float64)\n"
                "    w = 1.0 - mask + mask * noisy_weight\n"
                "    return np.float32(len(w) / w.sum()) * w.astype(np.float32)\n"
            ),
        },
    },
    "split_validation": {
        "wrong": {
            "validation taken from the front": (
                "import math\n"
                "def split_validation(x, y, fraction):\n"
                "    k = len(x) - int(math.floor(len(x) * (1.0 - fraction)))\n"
                "    return x[k:], y[k:], x[:k], y[:k]\n"
            ),
            "round instead of floor": (
                "def split_validation(x, y, fraction):\n"
                "    split_at = round(len(x) * (1.0 - fraction))\n"
                "    return x[:split_at], y[:split_at], x[split_at:], y[split_at:]\n"
            ),
            "validation size rounded down": (
                "def split_validation(x, y, fraction):\n"
                "    split_at = len(x) - int(len(x) * fraction)\n"
                "    return x[:split_at], y[:split_at], x[split_at:], y[split_at:]\n"
            ),
            "shuffled before splitting": (
                "import math\n"
                "def split_validation(x, y, fraction):\n"
                "    order = np.random.default_rng(0).permutation(len(x))\n"
                "    x, y = x[order], y[order]\n"
                "    split_at = int(math.floor(len(x) * (1.0 - fraction)))\n"
                "    return x[:split_at], y[:split_at], x[split_at:], y[split_at:]\n"
            ),
            "returns a list": (
                "import math\n"
                "def split_validation(x, y, fraction):\n"
                "    split_at = int(math.floor(len(x) * (1.0 - fraction)))\n"
                "    return [x[:split_at], y[:split_at], x[split_at:], y[split_at:]]\n"
            ),
        },
        "right": {
            "np.split on an index": (
                "def split_validation(x, y, fraction):\n"
                "    split_at = int(np.floor(len(x) * (1.0 - fraction)))\n"
                "    x_tr, x_va = np.split(x, [split_at])\n"
                "    y_tr, y_va = np.split(y, [split_at])\n"
                "    return (x_tr, y_tr, x_va, y_va)\n"
            ),
        },
    },
    "best_epoch": {
        "wrong": {
            "argmax": "def best_epoch(history):\n    return int(np.argmax(history['val_loss']))\n",
            "training loss instead of validation loss": (
                "def best_epoch(history):\n    return int(np.argmin(history['loss']))\n"
            ),
            "1-based": "def best_epoch(history):\n    return int(np.argmin(history['val_loss'])) + 1\n",
            "last of tied epochs": (
                "def best_epoch(history):\n"
                "    v = history['val_loss']\n"
                "    return len(v) - 1 - int(np.argmin(v[::-1]))\n"
            ),
            "the lowest value, not its epoch": "def best_epoch(history):\n    return min(history['val_loss'])\n",
        },
        "right": {
            "np.argmin": "def best_epoch(history):\n    return np.argmin(history['val_loss'])\n",
            "list.index of the min": (
                "def best_epoch(history):\n    v = list(history['val_loss'])\n    return v.index(min(v))\n"
            ),
        },
    },
    "first_overfit_epoch": {
        "wrong": {
            "absolute gap": (
                "def first_overfit_epoch(history, threshold):\n"
                "    for i, (a, b) in enumerate(zip(history['loss'], history['val_loss'])):\n"
                "        if abs(b - a) > threshold:\n"
                "            return i\n"
                "    return None\n"
            ),
            ">= instead of >": (
                "def first_overfit_epoch(history, threshold):\n"
                "    for i, (a, b) in enumerate(zip(history['loss'], history['val_loss'])):\n"
                "        if b - a >= threshold:\n"
                "            return i\n"
                "    return None\n"
            ),
            "-1 instead of None": (
                "def first_overfit_epoch(history, threshold):\n"
                "    for i, (a, b) in enumerate(zip(history['loss'], history['val_loss'])):\n"
                "        if b - a > threshold:\n"
                "            return i\n"
                "    return -1\n"
            ),
            "loss - val_loss": (
                "def first_overfit_epoch(history, threshold):\n"
                "    for i, (a, b) in enumerate(zip(history['loss'], history['val_loss'])):\n"
                "        if a - b > threshold:\n"
                "            return i\n"
                "    return None\n"
            ),
            "1-based": (
                "def first_overfit_epoch(history, threshold):\n"
                "    for i, (a, b) in enumerate(zip(history['loss'], history['val_loss']), start=1):\n"
                "        if b - a > threshold:\n"
                "            return i\n"
                "    return None\n"
            ),
            "last epoch over the threshold": (
                "def first_overfit_epoch(history, threshold):\n"
                "    found = None\n"
                "    for i, (a, b) in enumerate(zip(history['loss'], history['val_loss'])):\n"
                "        if b - a > threshold:\n"
                "            found = i\n"
                "    return found\n"
            ),
        },
        "right": {
            "NumPy": (
                "def first_overfit_epoch(history, threshold):\n"
                "    gap = np.array(history['val_loss']) - np.array(history['loss'])\n"
                "    over = np.flatnonzero(gap > threshold)\n"
                "    return over[0] if over.size else None\n"
            ),
        },
    },
    "save_and_reload": {
        "wrong": {
            "returns the same model": (
                "def save_and_reload(model, path):\n    model.save(path)\n    return model\n"
            ),
            "a clone with fresh weights": (
                "def save_and_reload(model, path):\n"
                "    model.save(path)\n"
                "    return keras.models.clone_model(model)\n"
            ),
            "forgets to save": "def save_and_reload(model, path):\n    return keras.models.load_model(path)\n",
            "exports a SavedModel and reloads it": (
                "def save_and_reload(model, path):\n"
                "    model.export(path, verbose=False)\n"
                "    return tf.saved_model.load(path)\n"
            ),
            "saves weights only": (
                "def save_and_reload(model, path):\n"
                "    model.save_weights(path)\n"
                "    fresh = keras.models.clone_model(model)\n"
                "    fresh.load_weights(path)\n"
                "    return fresh\n"
            ),
        },
        "right": {
            "keras.saving functions, compile=False": (
                "def save_and_reload(model, path):\n"
                "    keras.saving.save_model(model, path)\n"
                "    return keras.saving.load_model(path, compile=False)\n"
            ),
        },
    },
}
