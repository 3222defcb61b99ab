ANSWERS = {
    "column_means": {
        "wrong": {
            "wrong axis": "def column_means(x):\n    return tf.reduce_mean(x, axis=1)",
            "sum": "def column_means(x):\n    return tf.reduce_sum(x, axis=0)",
        },
        "right": {"sum over n": "def column_means(x):\n    return tf.reduce_sum(x, axis=0) / x.shape[0]"},
    },
}
