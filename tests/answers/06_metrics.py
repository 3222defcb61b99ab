PRF_HEAD = "def precision_recall_f1(y_true, y_prob, threshold=0.5):\n"
RUN_HEAD = "def running_values(metric, batches):\n"
CM_HEAD = "def confusion_matrix(y_true, y_pred, num_classes):\n"
AUC_HEAD = "def roc_auc(y_true, y_score):\n"
F1_HEAD = "def f1_from_confusion(cm, average=\"macro\"):\n"

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
            "the old solution: (n,) targets minus (n, 1) predictions broadcast to (n, n)": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.cast(y_true, "float32") - tf.cast(y_pred, "float32")
        w = tf.ones_like(e) if sample_weight is None else tf.cast(sample_weight, "float32")
        self.total.assign_add(tf.reduce_sum(w * e**2))
        self.count.assign_add(tf.reduce_sum(w))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
            "state in Python floats": """class RMSE(keras.metrics.Metric):
    def __init__(self, name="rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.total = 0.0
        self.count = 0.0

    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        w = tf.ones_like(e) if sample_weight is None else tf.reshape(tf.cast(sample_weight, "float32"), [-1])
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
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        w = tf.ones_like(e) if sample_weight is None else tf.reshape(tf.cast(sample_weight, "float32"), [-1])
        self.total.assign_add(tf.sqrt(tf.reduce_sum(w * e**2) / tf.reduce_sum(w)))
        self.count.assign_add(1.0)

    def result(self):
        return tf.math.divide_no_nan(self.total, self.count)
""",
            "ignores sample_weight": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        self.total.assign_add(tf.reduce_sum(e**2))
        self.count.assign_add(tf.cast(tf.size(e), "float32"))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
            "weighted errors divided by the sample count": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        w = tf.ones_like(e) if sample_weight is None else tf.reshape(tf.cast(sample_weight, "float32"), [-1])
        self.total.assign_add(tf.reduce_sum(w * e**2))
        self.count.assign_add(tf.cast(tf.size(e), "float32"))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
            "reset_state does nothing": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        w = tf.ones_like(e) if sample_weight is None else tf.reshape(tf.cast(sample_weight, "float32"), [-1])
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
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        w = tf.ones_like(e) if sample_weight is None else tf.reshape(tf.cast(sample_weight, "float32"), [-1])
        self.total.assign_add(tf.reduce_sum(w * e**2))
        self.count.assign_add(tf.reduce_sum(w))

    def result(self):
        return tf.sqrt(self.total / self.count)
""",
            "overwrites instead of accumulating": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        w = tf.ones_like(e) if sample_weight is None else tf.reshape(tf.cast(sample_weight, "float32"), [-1])
        self.total.assign(tf.reduce_sum(w * e**2))
        self.count.assign(tf.reduce_sum(w))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
            "count from the static shape (None inside fit)": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        if sample_weight is None:
            self.total.assign_add(tf.reduce_sum(e**2))
            self.count.assign_add(float(e.shape[0]))
        else:
            w = tf.reshape(tf.cast(sample_weight, "float32"), [-1])
            self.total.assign_add(tf.reduce_sum(w * e**2))
            self.count.assign_add(tf.reduce_sum(w))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
            "squeezes the predictions only": RMSE_VARIABLES
            + """
    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = tf.squeeze(tf.cast(y_pred, "float32"), axis=-1)
        e = tf.cast(y_true, "float32") - y_pred
        w = tf.ones_like(e) if sample_weight is None else tf.cast(sample_weight, "float32")
        self.total.assign_add(tf.reduce_sum(w * e**2))
        self.count.assign_add(tf.reduce_sum(w))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.total, self.count))
""",
        },
        "right": {
            "squeeze_or_expand-like reshape, default reset_state": """class RMSE(keras.metrics.Metric):
    def __init__(self, name="rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.sum_sq = self.add_variable(shape=(), initializer="zeros", name="sum_sq")
        self.wsum = self.add_variable(shape=(), initializer="zeros", name="wsum")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = keras.ops.reshape(keras.ops.cast(y_true, "float32"), (-1,))
        y_pred = keras.ops.reshape(keras.ops.cast(y_pred, "float32"), (-1,))
        sq = keras.ops.square(y_pred - y_true)
        if sample_weight is None:
            sample_weight = keras.ops.ones_like(sq)
        sample_weight = keras.ops.reshape(keras.ops.cast(sample_weight, "float32"), (-1,))
        self.sum_sq.assign(self.sum_sq + keras.ops.sum(sq * sample_weight))
        self.wsum.assign(self.wsum + keras.ops.sum(sample_weight))

    def result(self):
        return tf.sqrt(tf.math.divide_no_nan(self.sum_sq, self.wsum))
""",
            "wraps keras.metrics.Mean of squared errors": """class RMSE(keras.metrics.Metric):
    def __init__(self, name="rmse", **kwargs):
        super().__init__(name=name, **kwargs)
        self.mean = keras.metrics.Mean(name="mean_sq")

    def update_state(self, y_true, y_pred, sample_weight=None):
        e = tf.reshape(tf.cast(y_true, "float32"), [-1]) - tf.reshape(tf.cast(y_pred, "float32"), [-1])
        if sample_weight is not None:
            sample_weight = tf.reshape(tf.cast(sample_weight, "float32"), [-1])
        self.mean.update_state(tf.square(e), sample_weight=sample_weight)

    def result(self):
        return tf.sqrt(tf.cast(self.mean.result(), tf.float32))
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
    "roc_auc": {
        "wrong": {
            "ties count 0 (strict comparison only)": AUC_HEAD
            + "    t = np.asarray(y_true).astype(bool)\n"
            "    s = np.asarray(y_score, dtype=float)\n"
            "    d = s[t][:, None] - s[~t][None, :]\n"
            "    return float(np.mean(d > 0))\n",
            "ties count 1 (>=)": AUC_HEAD
            + "    t = np.asarray(y_true).astype(bool)\n"
            "    s = np.asarray(y_score, dtype=float)\n"
            "    d = s[t][:, None] - s[~t][None, :]\n"
            "    return float(np.mean(d >= 0))\n",
            "negatives above positives (1 - AUC)": AUC_HEAD
            + "    t = np.asarray(y_true).astype(bool)\n"
            "    s = np.asarray(y_score, dtype=float)\n"
            "    d = s[~t][:, None] - s[t][None, :]\n"
            "    return float(np.mean((d > 0) + 0.5 * (d == 0)))\n",
            "keras.metrics.AUC (200 thresholds in [0, 1])": AUC_HEAD
            + "    m = keras.metrics.AUC()\n"
            "    m.update_state(np.asarray(y_true, dtype='float32'), np.asarray(y_score, dtype='float32'))\n"
            "    return float(m.result())\n",
            "keras.metrics.AUC of a sigmoid, more thresholds": AUC_HEAD
            + "    m = keras.metrics.AUC(num_thresholds=2000, from_logits=True)\n"
            "    m.update_state(np.asarray(y_true, dtype='float32'), np.asarray(y_score, dtype='float32'))\n"
            "    return float(m.result())\n",
            "trapezoid over sorted scores, ties not grouped": AUC_HEAD
            + "    t = np.asarray(y_true, dtype=float)\n"
            "    order = np.argsort(-np.asarray(y_score, dtype=float), kind='stable')\n"
            "    tpr = np.r_[0, np.cumsum(t[order]) / t.sum()]\n"
            "    fpr = np.r_[0, np.cumsum(1 - t[order]) / (1 - t).sum()]\n"
            "    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))\n",
            "divides by all pairs, not positive-negative pairs": AUC_HEAD
            + "    t = np.asarray(y_true).astype(bool)\n"
            "    s = np.asarray(y_score, dtype=float)\n"
            "    d = s[t][:, None] - s[~t][None, :]\n"
            "    n = len(s)\n"
            "    return float(np.sum((d > 0) + 0.5 * (d == 0)) / (n * (n - 1) / 2))\n",
        },
        "right": {
            "scikit-learn": AUC_HEAD
            + "    from sklearn.metrics import roc_auc_score\n"
            "    return float(roc_auc_score(np.asarray(y_true).astype(int), np.asarray(y_score, dtype=float)))\n",
            "ranks (Mann-Whitney U)": AUC_HEAD
            + "    from scipy.stats import rankdata\n"
            "    t = np.asarray(y_true).astype(bool)\n"
            "    ranks = rankdata(np.asarray(y_score, dtype=float))\n"
            "    p, n = t.sum(), (~t).sum()\n"
            "    return float((ranks[t].sum() - p * (p + 1) / 2) / (p * n))\n",
            "TensorFlow pairwise": AUC_HEAD
            + "    t = tf.cast(tf.convert_to_tensor(y_true), tf.bool)\n"
            "    s = tf.cast(tf.convert_to_tensor(y_score), tf.float64)\n"
            "    pos, neg = tf.boolean_mask(s, t), tf.boolean_mask(s, tf.logical_not(t))\n"
            "    d = pos[:, None] - neg[None, :]\n"
            "    wins = tf.cast(d > 0, tf.float64) + 0.5 * tf.cast(tf.equal(d, 0.0), tf.float64)\n"
            "    return float(tf.reduce_mean(wins))\n",
            "trapezoid over distinct thresholds": AUC_HEAD
            + "    t = np.asarray(y_true, dtype=float)\n"
            "    s = np.asarray(y_score, dtype=float)\n"
            "    cuts = np.r_[np.inf, np.unique(s)[::-1]]\n"
            "    tpr = np.array([(t * (s >= c)).sum() for c in cuts]) / t.sum()\n"
            "    fpr = np.array([((1 - t) * (s >= c)).sum() for c in cuts]) / (1 - t).sum()\n"
            "    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))\n",
        },
    },
    "f1_from_confusion": {
        "wrong": {
            "weighted: divides by the number of classes, not the sum of supports": F1_HEAD
            + "    cm = np.asarray(cm, dtype=float)\n"
            "    tp = np.diag(cm); fp = cm.sum(0) - tp; fn = cm.sum(1) - tp\n"
            "    if average == 'micro':\n"
            "        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()\n"
            "    d = 2 * tp + fp + fn\n"
            "    f1 = np.divide(2 * tp, d, out=np.zeros_like(d), where=d > 0)\n"
            "    if average == 'weighted':\n"
            "        return float(np.sum(cm.sum(1) * f1) / len(f1))\n"
            "    return float(np.mean(f1))\n",
            "weighted by predicted counts (columns, a transposed matrix)": F1_HEAD
            + "    cm = np.asarray(cm, dtype=float)\n"
            "    tp = np.diag(cm); fp = cm.sum(0) - tp; fn = cm.sum(1) - tp\n"
            "    if average == 'micro':\n"
            "        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()\n"
            "    d = 2 * tp + fp + fn\n"
            "    f1 = np.divide(2 * tp, d, out=np.zeros_like(d), where=d > 0)\n"
            "    if average == 'weighted':\n"
            "        return float(np.sum(cm.sum(0) * f1) / cm.sum())\n"
            "    return float(np.mean(f1))\n",
            "micro computed like macro": F1_HEAD
            + "    cm = np.asarray(cm, dtype=float)\n"
            "    tp = np.diag(cm); fp = cm.sum(0) - tp; fn = cm.sum(1) - tp\n"
            "    d = 2 * tp + fp + fn\n"
            "    f1 = np.divide(2 * tp, d, out=np.zeros_like(d), where=d > 0)\n"
            "    if average == 'weighted':\n"
            "        return float(np.sum(cm.sum(1) * f1) / cm.sum())\n"
            "    return float(np.mean(f1))\n",
            "macro skips classes with 0/0 (nanmean)": F1_HEAD
            + "    cm = np.asarray(cm, dtype=float)\n"
            "    tp = np.diag(cm); fp = cm.sum(0) - tp; fn = cm.sum(1) - tp\n"
            "    if average == 'micro':\n"
            "        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()\n"
            "    with np.errstate(all='ignore'):\n"
            "        f1 = 2 * tp / (2 * tp + fp + fn)\n"
            "    if average == 'weighted':\n"
            "        return float(np.nansum(cm.sum(1) * f1) / cm.sum())\n"
            "    return float(np.nanmean(f1))\n",
            "macro F1 from the macro precision and recall": F1_HEAD
            + "    cm = np.asarray(cm, dtype=float)\n"
            "    tp = np.diag(cm); fp = cm.sum(0) - tp; fn = cm.sum(1) - tp\n"
            "    if average == 'micro':\n"
            "        return float(2 * tp.sum() / (2 * tp.sum() + fp.sum() + fn.sum()))\n"
            "    p = np.divide(tp, tp + fp, out=np.zeros_like(tp), where=tp + fp > 0)\n"
            "    r = np.divide(tp, tp + fn, out=np.zeros_like(tp), where=tp + fn > 0)\n"
            "    if average == 'weighted':\n"
            "        w = cm.sum(1) / cm.sum()\n"
            "        p, r = np.sum(w * p), np.sum(w * r)\n"
            "    else:\n"
            "        p, r = p.mean(), r.mean()\n"
            "    return float(2 * p * r / (p + r)) if p + r > 0 else 0.0\n",
            "FN and FP from the wrong axes, support from columns": F1_HEAD
            + "    cm = np.asarray(cm, dtype=float).T\n"
            "    tp = np.diag(cm); fp = cm.sum(0) - tp; fn = cm.sum(1) - tp\n"
            "    if average == 'micro':\n"
            "        tp, fp, fn = tp.sum(), fp.sum(), fn.sum()\n"
            "    d = 2 * tp + fp + fn\n"
            "    f1 = np.divide(2 * tp, d, out=np.zeros_like(d), where=d > 0)\n"
            "    if average == 'weighted':\n"
            "        return float(np.sum(cm.sum(1) * f1) / cm.sum())\n"
            "    return float(np.mean(f1))\n",
        },
        "right": {
            "keras F1Score on samples rebuilt from the matrix": F1_HEAD
            + "    cm = np.asarray(cm).astype(int)\n"
            "    k = cm.shape[0]\n"
            "    true = np.repeat(np.repeat(np.arange(k), k), cm.ravel())\n"
            "    pred = np.repeat(np.tile(np.arange(k), k), cm.ravel())\n"
            "    f1 = keras.metrics.F1Score(average=average)\n"
            "    f1.update_state(np.eye(k, dtype='float32')[true], np.eye(k, dtype='float32')[pred])\n"
            "    return float(f1.result())\n",
            "TensorFlow with divide_no_nan": F1_HEAD
            + "    cm = tf.cast(tf.convert_to_tensor(cm), tf.float64)\n"
            "    tp = tf.linalg.diag_part(cm)\n"
            "    fp = tf.reduce_sum(cm, 0) - tp\n"
            "    fn = tf.reduce_sum(cm, 1) - tp\n"
            "    if average == 'micro':\n"
            "        return float(tf.math.divide_no_nan(2 * tf.reduce_sum(tp), 2 * tf.reduce_sum(tp) + tf.reduce_sum(fp) + tf.reduce_sum(fn)))\n"
            "    f1 = tf.math.divide_no_nan(2 * tp, 2 * tp + fp + fn)\n"
            "    if average == 'weighted':\n"
            "        support = tf.reduce_sum(cm, 1)\n"
            "        return float(tf.reduce_sum(support * f1) / tf.reduce_sum(support))\n"
            "    return float(tf.reduce_mean(f1))\n",
            "micro F1 as accuracy": F1_HEAD
            + "    cm = np.asarray(cm, dtype=float)\n"
            "    if average == 'micro':\n"
            "        return float(np.trace(cm) / cm.sum())\n"
            "    scores = []\n"
            "    for c in range(cm.shape[0]):\n"
            "        tp = cm[c, c]\n"
            "        d = cm[c, :].sum() + cm[:, c].sum()\n"
            "        scores.append(2 * tp / d if d else 0.0)\n"
            "    scores = np.array(scores)\n"
            "    if average == 'weighted':\n"
            "        return float(np.average(scores, weights=cm.sum(1)))\n"
            "    return float(scores.mean())\n",
        },
    },
}
