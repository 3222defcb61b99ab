PRF_HEAD = "def precision_recall_f1(y_true, y_prob, threshold=0.5):\n"
RUN_HEAD = "def running_values(metric, batches):\n"
CM_HEAD = "def confusion_matrix(y_true, y_pred, num_classes):\n"
ACC_HEAD = "def thresholded_accuracy(y_true, y_prob, threshold=0.5):\n"
MEAN_HEAD = "def weighted_mean(values, sample_weight):\n"

RMSE_VARIABLES = """class RMSE(keras.metrics.Metric):
    def __init__(self, name="rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")
"""

ANSWERS = {
    "precision_recall_f1": {
        "wrong": {
            ">= instead of >": PRF_HEAD
            + "    t = np.asarray(y_true, dtype=float)\n"
            "    p = (np.asarray(y_prob) >= threshold).astype(float)\n"
            "    tp, fp, fn = (t * p).sum(), ((1 - t) * p).sum(), (t * (1 - p)).sum()\n"
            "    P = tp / (tp + fp) if tp + fp else 0.0\n"
            "    R = tp / (tp + fn) if tp + fn else 0.0\n"
            "    F = 2 * P * R / (P + R) if P + R else 0.0\n"
            "    return float(P), float(R), float(F)\n",
            "precision and recall swapped": PRF_HEAD
            + "    t = np.asarray(y_true, dtype=float)\n"
            "    p = (np.asarray(y_prob) > threshold).astype(float)\n"
            "    tp, fp, fn = (t * p).sum(), ((1 - t) * p).sum(), (t * (1 - p)).sum()\n"
            "    P = tp / (tp + fp) if tp + fp else 0.0\n"
            "    R = tp / (tp + fn) if tp + fn else 0.0\n"
            "    F = 2 * P * R / (P + R) if P + R else 0.0\n"
            "    return float(R), float(P), float(F)\n",
            "F1 as the arithmetic mean": PRF_HEAD
            + "    t = np.asarray(y_true, dtype=float)\n"
            "    p = (np.asarray(y_prob) > threshold).astype(float)\n"
            "    tp, fp, fn = (t * p).sum(), ((1 - t) * p).sum(), (t * (1 - p)).sum()\n"
            "    P = tp / (tp + fp) if tp + fp else 0.0\n"
            "    R = tp / (tp + fn) if tp + fn else 0.0\n"
            "    return float(P), float(R), float((P + R) / 2)\n",
            "nan when nothing is predicted positive": PRF_HEAD
            + "    t = np.asarray(y_true, dtype=float)\n"
            "    p = (np.asarray(y_prob) > threshold).astype(float)\n"
            "    tp, fp, fn = (t * p).sum(), ((1 - t) * p).sum(), (t * (1 - p)).sum()\n"
            "    with np.errstate(all='ignore'):\n"
            "        P = tp / (tp + fp)\n"
            "        R = tp / (tp + fn)\n"
            "        F = 2 * P * R / (P + R)\n"
            "    return float(P), float(R), float(F)\n",
            "returns tensors": PRF_HEAD
            + "    t = tf.cast(y_true, tf.float32)\n"
            "    p = tf.cast(tf.convert_to_tensor(y_prob) > threshold, tf.float32)\n"
            "    tp = tf.reduce_sum(t * p); fp = tf.reduce_sum((1 - t) * p); fn = tf.reduce_sum(t * (1 - p))\n"
            "    P = tf.math.divide_no_nan(tp, tp + fp)\n"
            "    R = tf.math.divide_no_nan(tp, tp + fn)\n"
            "    return P, R, tf.math.divide_no_nan(2 * P * R, P + R)\n",
            "ignores the threshold (rounds at 0.5)": PRF_HEAD
            + "    t = np.asarray(y_true, dtype=float)\n"
            "    p = np.round(np.asarray(y_prob)).astype(float)\n"
            "    tp, fp, fn = (t * p).sum(), ((1 - t) * p).sum(), (t * (1 - p)).sum()\n"
            "    P = tp / (tp + fp) if tp + fp else 0.0\n"
            "    R = tp / (tp + fn) if tp + fn else 0.0\n"
            "    F = 2 * P * R / (P + R) if P + R else 0.0\n"
            "    return float(P), float(R), float(F)\n",
        },
        "right": {
            "keras metrics": PRF_HEAD
            + "    y_true = np.asarray(y_true, dtype='float32')\n"
            "    y_prob = np.asarray(y_prob, dtype='float32')\n"
            "    p = keras.metrics.Precision(thresholds=threshold)\n"
            "    r = keras.metrics.Recall(thresholds=threshold)\n"
            "    p.update_state(y_true, y_prob)\n"
            "    r.update_state(y_true, y_prob)\n"
            "    P, R = float(p.result()), float(r.result())\n"
            "    return P, R, (2 * P * R / (P + R) if P + R > 0 else 0.0)\n",
            "tensorflow with divide_no_nan": PRF_HEAD
            + "    t = tf.cast(y_true, tf.float32)\n"
            "    p = tf.cast(tf.convert_to_tensor(y_prob) > threshold, tf.float32)\n"
            "    tp = tf.reduce_sum(t * p); fp = tf.reduce_sum((1 - t) * p); fn = tf.reduce_sum(t * (1 - p))\n"
            "    P = tf.math.divide_no_nan(tp, tp + fp)\n"
            "    R = tf.math.divide_no_nan(tp, tp + fn)\n"
            "    return float(P), float(R), float(tf.math.divide_no_nan(2 * tp, 2 * tp + fp + fn))\n",
        },
    },
    "running_values": {
        "wrong": {
            "does not reset first": RUN_HEAD
            + "    values = []\n"
            "    for batch in batches:\n"
            "        metric.update_state(*batch)\n"
            "        values.append(float(metric.result()))\n"
            "    return values\n",
            "resets before every batch (per-batch values)": RUN_HEAD
            + "    values = []\n"
            "    for batch in batches:\n"
            "        metric.reset_state()\n"
            "        metric.update_state(*batch)\n"
            "        values.append(float(metric.result()))\n"
            "    return values\n",
            "running average of per-batch values": RUN_HEAD
            + "    values, per_batch = [], []\n"
            "    for batch in batches:\n"
            "        metric.reset_state()\n"
            "        metric.update_state(*batch)\n"
            "        per_batch.append(float(metric.result()))\n"
            "        values.append(sum(per_batch) / len(per_batch))\n"
            "    return values\n",
            "returns tensors": RUN_HEAD
            + "    metric.reset_state()\n"
            "    values = []\n"
            "    for batch in batches:\n"
            "        metric.update_state(*batch)\n"
            "        values.append(metric.result())\n"
            "    return values\n",
            "resets the metric again at the end": RUN_HEAD
            + "    metric.reset_state()\n"
            "    values = []\n"
            "    for batch in batches:\n"
            "        metric.update_state(*batch)\n"
            "        values.append(float(metric.result()))\n"
            "    metric.reset_state()\n"
            "    return values\n",
            "drops the sample weights": RUN_HEAD
            + "    metric.reset_state()\n"
            "    values = []\n"
            "    for batch in batches:\n"
            "        metric.update_state(batch[0], batch[1])\n"
            "        values.append(float(metric.result()))\n"
            "    return values\n",
        },
        "right": {
            "unpacked batches and a comprehension": RUN_HEAD
            + "    metric.reset_state()\n"
            "    def feed(batch):\n"
            "        metric.update_state(*batch)\n"
            "        return metric.result().numpy().item()\n"
            "    return [feed(b) for b in batches]\n",
        },
    },
    "RMSE": {
        "wrong": {
            "state in Python floats": """class RMSE(keras.metrics.Metric):
    def __init__(self, name="rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.total = 0.0
        self.count = 0.0

    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.cast(y_true, "float32") - tf.cast(y_pred, "float32")
        w = tf.ones_like(e) if sample_weight is None else tf.cast(sample_weight, "float32")
        self.total = self.total + tf.reduce_sum(w * e**2)
        self.count = self.count + tf.reduce_sum(w)

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(tf.cast(self.total, "float32"), tf.cast(self.count, "float32")))

    def reset_state(self):
        self.total = 0.0
        self.count = 0.0
""",
            "mean of per-batch RMSE": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.cast(y_true, "float32") - tf.cast(y_pred, "float32")
        w = tf.ones_like(e) if sample_weight is None else tf.cast(sample_weight, "float32")
        self.total.assign_add(tf.sqrt(tf.reduce_sum(w * e**2) / tf.reduce_sum(w)))
        self.count.assign_add(1.0)

    def result(self):
        return tf.math.divide_no_nan(self.total, self.count)
""",
            "ignores sample_weight": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.cast(y_true, "float32") - tf.cast(y_pred, "float32")
        self.total.assign_add(tf.reduce_sum(e**2))
        self.count.assign_add(tf.cast(tf.size(e), "float32"))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
            "weighted errors divided by the sample count": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.cast(y_true, "float32") - tf.cast(y_pred, "float32")
        w = tf.ones_like(e) if sample_weight is None else tf.cast(sample_weight, "float32")
        self.total.assign_add(tf.reduce_sum(w * e**2))
        self.count.assign_add(tf.cast(tf.size(e), "float32"))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
            "reset_state does nothing": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.cast(y_true, "float32") - tf.cast(y_pred, "float32")
        w = tf.ones_like(e) if sample_weight is None else tf.cast(sample_weight, "float32")
        self.total.assign_add(tf.reduce_sum(w * e**2))
        self.count.assign_add(tf.reduce_sum(w))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))

    def reset_state(self):
        pass
""",
            "nan before any update": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.cast(y_true, "float32") - tf.cast(y_pred, "float32")
        w = tf.ones_like(e) if sample_weight is None else tf.cast(sample_weight, "float32")
        self.total.assign_add(tf.reduce_sum(w * e**2))
        self.count.assign_add(tf.reduce_sum(w))

    def result(self):
        return tf.sqrt(self.total / self.count)
""",
            "overwrites instead of accumulating": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.cast(y_true, "float32") - tf.cast(y_pred, "float32")
        w = tf.ones_like(e) if sample_weight is None else tf.cast(sample_weight, "float32")
        self.total.assign(tf.reduce_sum(w * e**2))
        self.count.assign(tf.reduce_sum(w))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
        },
        "right": {
            "wraps keras.metrics.Mean, default reset_state": """class RMSE(keras.metrics.Metric):
    def __init__(self, name="rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.sum_sq = self.add_variable(shape=(), initializer="zeros", name="sum_sq")
        self.wsum = self.add_variable(shape=(), initializer="zeros", name="wsum")

    def update_state(self, y_true, y_pred, sample_weight=None):
        sq = tf.square(tf.cast(y_pred, "float32") - tf.cast(y_true, "float32"))
        if sample_weight is None:
            sample_weight = tf.ones_like(sq)
        sample_weight = tf.cast(sample_weight, "float32")
        self.sum_sq.assign(self.sum_sq + tf.reduce_sum(sq * sample_weight))
        self.wsum.assign(self.wsum + tf.reduce_sum(sample_weight))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.sum_sq, self.wsum))
""",
        },
    },
    "confusion_matrix": {
        "wrong": {
            "transposed (rows are predictions)": CM_HEAD
            + "    t = tf.one_hot(tf.cast(y_true, tf.int32), num_classes, dtype=tf.int32)\n"
            "    p = tf.one_hot(tf.cast(y_pred, tf.int32), num_classes, dtype=tf.int32)\n"
            "    return tf.matmul(p, t, transpose_a=True)\n",
            "float32 counts": CM_HEAD
            + "    t = tf.one_hot(tf.cast(y_true, tf.int32), num_classes)\n"
            "    p = tf.one_hot(tf.cast(y_pred, tf.int32), num_classes)\n"
            "    return tf.matmul(t, p, transpose_a=True)\n",
            "number of classes from the data": CM_HEAD
            + "    n = int(max(np.max(y_true), np.max(y_pred))) + 1\n"
            "    t = tf.one_hot(tf.cast(y_true, tf.int32), n, dtype=tf.int32)\n"
            "    p = tf.one_hot(tf.cast(y_pred, tf.int32), n, dtype=tf.int32)\n"
            "    return tf.matmul(t, p, transpose_a=True)\n",
            "NumPy array": CM_HEAD
            + "    cm = np.zeros((num_classes, num_classes), dtype=np.int32)\n"
            "    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)\n"
            "    return cm\n",
            "assignment instead of counting": CM_HEAD
            + "    cm = np.zeros((num_classes, num_classes), dtype=np.int32)\n"
            "    cm[np.asarray(y_true), np.asarray(y_pred)] += 1\n"
            "    return tf.constant(cm)\n",
        },
        "right": {
            "tensor_scatter_nd_add": CM_HEAD
            + "    idx = tf.stack([tf.cast(y_true, tf.int32), tf.cast(y_pred, tf.int32)], axis=1)\n"
            "    zeros = tf.zeros((num_classes, num_classes), tf.int32)\n"
            "    return tf.tensor_scatter_nd_add(zeros, idx, tf.ones(tf.shape(idx)[0], tf.int32))\n",
            "bincount of flat indices": CM_HEAD
            + "    flat = tf.cast(y_true, tf.int32) * num_classes + tf.cast(y_pred, tf.int32)\n"
            "    counts = tf.math.bincount(flat, minlength=num_classes * num_classes, dtype=tf.int32)\n"
            "    return tf.reshape(counts, (num_classes, num_classes))\n",
            "tf.math.confusion_matrix": CM_HEAD
            + "    return tf.math.confusion_matrix(y_true, y_pred, num_classes=num_classes, dtype=tf.int32)\n",
        },
    },
    "thresholded_accuracy": {
        "wrong": {
            ">= instead of >": ACC_HEAD
            + "    p = tf.cast(tf.convert_to_tensor(y_prob) >= threshold, tf.float32)\n"
            "    return tf.reduce_mean(tf.cast(tf.equal(p, tf.cast(y_true, tf.float32)), tf.float32))\n",
            "ignores the threshold (rounds)": ACC_HEAD
            + "    p = tf.round(tf.cast(y_prob, tf.float32))\n"
            "    return tf.reduce_mean(tf.cast(tf.equal(p, tf.cast(y_true, tf.float32)), tf.float32))\n",
            "exact equality like keras.metrics.Accuracy": ACC_HEAD
            + "    return tf.reduce_mean(tf.cast(tf.equal(tf.cast(y_prob, tf.float32), tf.cast(y_true, tf.float32)), tf.float32))\n",
            "count instead of fraction": ACC_HEAD
            + "    p = tf.cast(tf.convert_to_tensor(y_prob) > threshold, tf.float32)\n"
            "    return tf.reduce_sum(tf.cast(tf.equal(p, tf.cast(y_true, tf.float32)), tf.float32))\n",
            "keeps the input dtype": ACC_HEAD
            + "    y_prob = tf.convert_to_tensor(y_prob)\n"
            "    p = tf.cast(y_prob > threshold, y_prob.dtype)\n"
            "    return tf.reduce_mean(tf.cast(tf.equal(p, tf.cast(y_true, y_prob.dtype)), y_prob.dtype))\n",
        },
        "right": {
            "keras BinaryAccuracy": ACC_HEAD
            + "    m = keras.metrics.BinaryAccuracy(threshold=threshold)\n"
            "    m.update_state(y_true, y_prob)\n"
            "    return tf.convert_to_tensor(m.result())\n",
            "NumPy then a tensor": ACC_HEAD
            + "    correct = (np.asarray(y_prob) > threshold) == (np.asarray(y_true) == 1)\n"
            "    return tf.constant(correct.mean(), dtype=tf.float32)\n",
        },
    },
    "weighted_mean": {
        "wrong": {
            "divides by the number of values": MEAN_HEAD
            + "    return tf.reduce_mean(tf.cast(values, tf.float32) * tf.cast(sample_weight, tf.float32))\n",
            "ignores the weights": MEAN_HEAD + "    return tf.reduce_mean(tf.cast(values, tf.float32))\n",
            "nan when all weights are 0": MEAN_HEAD
            + "    v, w = tf.cast(values, tf.float32), tf.cast(sample_weight, tf.float32)\n"
            "    return tf.reduce_sum(v * w) / tf.reduce_sum(w)\n",
            "keeps float64": MEAN_HEAD
            + "    v, w = tf.convert_to_tensor(values), tf.convert_to_tensor(sample_weight)\n"
            "    return tf.math.divide_no_nan(tf.reduce_sum(v * w), tf.reduce_sum(w))\n",
            "returns a Python float": MEAN_HEAD
            + "    v, w = np.asarray(values, dtype=float), np.asarray(sample_weight, dtype=float)\n"
            "    return float((v * w).sum() / w.sum()) if w.sum() else 0.0\n",
        },
        "right": {
            "keras.metrics.Mean": MEAN_HEAD
            + "    m = keras.metrics.Mean()\n"
            "    m.update_state(values, sample_weight=sample_weight)\n"
            "    return tf.convert_to_tensor(m.result())\n",
            "tensordot with a condition": MEAN_HEAD
            + "    v = tf.reshape(tf.cast(values, tf.float32), [-1])\n"
            "    w = tf.reshape(tf.cast(sample_weight, tf.float32), [-1])\n"
            "    total = tf.reduce_sum(w)\n"
            "    return tf.where(total > 0, tf.tensordot(v, w, 1) / tf.where(total > 0, total, 1.0), 0.0)\n",
        },
    },
}
