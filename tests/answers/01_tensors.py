"""Wrong and correct alternative answers for chapter 01_tensors (see README.md)."""

ANSWERS = {
    "column_means": {
        "wrong": {
            "mean along the wrong axis": "def column_means(x):\n    return tf.reduce_mean(x, axis=1)",
            "sum instead of mean": "def column_means(x):\n    return tf.reduce_sum(x, axis=0)",
            "NumPy array instead of a tensor": "def column_means(x):\n    return np.mean(x, axis=0)",
            "mean of everything": "def column_means(x):\n    return tf.reduce_mean(x)",
            "visible example hard-coded": "def column_means(x):\n    return tf.constant([2.0, 4.0, 6.0])",
            "divides by the column count": "def column_means(x):\n    return tf.reduce_sum(x, axis=0) / x.shape[1]",
            "keepdims leaves a (1, m) matrix": "def column_means(x):\n    return tf.reduce_mean(x, axis=0, keepdims=True)",
            "median instead of mean": (
                "def column_means(x):\n"
                "    return tf.constant(np.median(x.numpy(), axis=0).astype(np.float32))"
            ),
        },
        "right": {
            "sum divided by the row count": "def column_means(x):\n    return tf.reduce_sum(x, axis=0) / x.shape[0]",
            "mean of the transpose's rows": "def column_means(x):\n    return tf.reduce_mean(tf.transpose(x), axis=1)",
            "keepdims then squeeze": "def column_means(x):\n    return tf.squeeze(tf.reduce_mean(x, axis=0, keepdims=True), axis=0)",
            "keras.ops.mean": "def column_means(x):\n    return keras.ops.mean(x, axis=0)",
        },
    },
    "standardize_rows": {
        "wrong": {
            "no keepdims (broadcasts along the wrong axis or fails)": (
                "def standardize_rows(x):\n"
                "    return (x - tf.reduce_mean(x, axis=1)) / tf.math.reduce_std(x, axis=1)"
            ),
            "standardizes columns": (
                "def standardize_rows(x):\n"
                "    return (x - tf.reduce_mean(x, axis=0, keepdims=True)) / tf.math.reduce_std(x, axis=0, keepdims=True)"
            ),
            "only centres": "def standardize_rows(x):\n    return x - tf.reduce_mean(x, axis=1, keepdims=True)",
            "sample standard deviation": (
                "def standardize_rows(x):\n"
                "    m = x.shape[1]\n"
                "    centred = x - tf.reduce_mean(x, axis=1, keepdims=True)\n"
                "    std = tf.sqrt(tf.reduce_sum(centred ** 2, axis=1, keepdims=True) / (m - 1))\n"
                "    return centred / std"
            ),
            "divides by the variance": (
                "def standardize_rows(x):\n"
                "    mean, var = tf.nn.moments(x, axes=[1], keepdims=True)\n"
                "    return (x - mean) / var"
            ),
            "statistics of the whole tensor": "def standardize_rows(x):\n    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)",
            "min-max scaling instead": (
                "def standardize_rows(x):\n"
                "    low = tf.reduce_min(x, axis=1, keepdims=True)\n"
                "    return (x - low) / (tf.reduce_max(x, axis=1, keepdims=True) - low)"
            ),
            "epsilon of 1 added to the standard deviation": (
                "def standardize_rows(x):\n"
                "    mean = tf.reduce_mean(x, axis=1, keepdims=True)\n"
                "    return (x - mean) / (tf.math.reduce_std(x, axis=1, keepdims=True) + 1.0)"
            ),
        },
        "right": {
            "tf.nn.moments": (
                "def standardize_rows(x):\n"
                "    mean, var = tf.nn.moments(x, axes=[1], keepdims=True)\n"
                "    return (x - mean) / tf.sqrt(var)"
            ),
            "newaxis instead of keepdims": (
                "def standardize_rows(x):\n"
                "    mean = tf.reduce_mean(x, axis=1)[:, tf.newaxis]\n"
                "    std = tf.math.reduce_std(x, axis=1)[:, tf.newaxis]\n"
                "    return (x - mean) / std"
            ),
            "standardize the transpose's columns": (
                "def standardize_rows(x):\n"
                "    t = tf.transpose(x)\n"
                "    return tf.transpose((t - tf.reduce_mean(t, axis=0)) / tf.math.reduce_std(t, axis=0))"
            ),
            "centre first, then the root mean square": (
                "def standardize_rows(x):\n"
                "    centred = x - tf.reduce_mean(x, axis=-1, keepdims=True)\n"
                "    return centred / tf.sqrt(tf.reduce_mean(tf.square(centred), axis=-1, keepdims=True))"
            ),
        },
    },
    "pairwise_sq_distances": {
        "wrong": {
            "elementwise differences of matching rows": (
                "def pairwise_sq_distances(a, b):\n    return tf.reduce_sum((a - b) ** 2, axis=1)"
            ),
            "reduces the wrong axis": (
                "def pairwise_sq_distances(a, b):\n"
                "    return tf.reduce_sum((a[:, tf.newaxis, :] - b[tf.newaxis, :, :]) ** 2, axis=1)"
            ),
            "distances, not squared (square root taken)": (
                "def pairwise_sq_distances(a, b):\n"
                "    return tf.sqrt(tf.reduce_sum((a[:, tf.newaxis, :] - b[tf.newaxis, :, :]) ** 2, axis=-1))"
            ),
            "sums the differences before squaring": (
                "def pairwise_sq_distances(a, b):\n"
                "    return tf.reduce_sum(a[:, tf.newaxis, :] - b[tf.newaxis, :, :], axis=-1) ** 2"
            ),
            "absolute differences (Manhattan distance)": (
                "def pairwise_sq_distances(a, b):\n"
                "    return tf.reduce_sum(tf.abs(a[:, tf.newaxis, :] - b[tf.newaxis, :, :]), axis=-1)"
            ),
            "transposed (b against a)": (
                "def pairwise_sq_distances(a, b):\n"
                "    return tf.reduce_sum((b[:, tf.newaxis, :] - a[tf.newaxis, :, :]) ** 2, axis=-1)"
            ),
            "expansion with the wrong sign of the cross term": (
                "def pairwise_sq_distances(a, b):\n"
                "    aa = tf.reduce_sum(a * a, axis=1, keepdims=True)\n"
                "    bb = tf.reduce_sum(b * b, axis=1)\n"
                "    return aa + bb + 2.0 * a @ tf.transpose(b)"
            ),
            "expansion without the squared norms of b": (
                "def pairwise_sq_distances(a, b):\n"
                "    aa = tf.reduce_sum(a * a, axis=1, keepdims=True)\n"
                "    return aa - 2.0 * a @ tf.transpose(b)"
            ),
            "NumPy array": (
                "def pairwise_sq_distances(a, b):\n"
                "    a, b = a.numpy(), b.numpy()\n"
                "    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1)"
            ),
        },
        "right": {
            "expand_dims": (
                "def pairwise_sq_distances(a, b):\n"
                "    return tf.reduce_sum(tf.square(tf.expand_dims(a, 1) - tf.expand_dims(b, 0)), axis=2)"
            ),
            "norms and a matrix product": (
                "def pairwise_sq_distances(a, b):\n"
                "    aa = tf.reduce_sum(a * a, axis=1, keepdims=True)\n"
                "    bb = tf.reduce_sum(b * b, axis=1)[tf.newaxis, :]\n"
                "    return aa - 2.0 * tf.matmul(a, b, transpose_b=True) + bb"
            ),
            "einsum": (
                "def pairwise_sq_distances(a, b):\n"
                "    d = a[:, None, :] - b[None, :, :]\n"
                "    return tf.einsum('nmd,nmd->nm', d, d)"
            ),
            "keras.ops": (
                "def pairwise_sq_distances(a, b):\n"
                "    d = keras.ops.expand_dims(a, 1) - keras.ops.expand_dims(b, 0)\n"
                "    return keras.ops.sum(keras.ops.square(d), axis=-1)"
            ),
        },
    },
    "to_unit_float": {
        "wrong": {
            "divides without casting (float64 for int32)": "def to_unit_float(images):\n    return images / 255",
            "casts to float64": "def to_unit_float(images):\n    return tf.cast(images, tf.float64) / 255.0",
            "divides by the image's maximum": (
                "def to_unit_float(images):\n"
                "    x = tf.cast(images, tf.float32)\n"
                "    return x / tf.reduce_max(x)"
            ),
            "min-max scaling": (
                "def to_unit_float(images):\n"
                "    x = tf.cast(images, tf.float32)\n"
                "    return (x - tf.reduce_min(x)) / (tf.reduce_max(x) - tf.reduce_min(x))"
            ),
            "integer division before casting": "def to_unit_float(images):\n    return tf.cast(images // 255, tf.float32)",
            "convert_image_dtype (scales by the dtype's maximum)": (
                "def to_unit_float(images):\n    return tf.image.convert_image_dtype(images, tf.float32)"
            ),
            "forgets to scale": "def to_unit_float(images):\n    return tf.cast(images, tf.float32)",
            "divides by 256": "def to_unit_float(images):\n    return tf.cast(images, tf.float32) / 256.0",
            "NumPy array": "def to_unit_float(images):\n    return images.numpy().astype(np.float32) / 255",
        },
        "right": {
            "multiply by the reciprocal": "def to_unit_float(images):\n    return tf.cast(images, tf.float32) * (1.0 / 255.0)",
            "tf.math.divide on a cast": "def to_unit_float(images):\n    return tf.math.divide(tf.cast(images, 'float32'), 255.0)",
            "divide then cast to float32": "def to_unit_float(images):\n    return tf.cast(tf.cast(images, tf.float64) / 255.0, tf.float32)",
            "keras Rescaling layer": "def to_unit_float(images):\n    return keras.layers.Rescaling(1.0 / 255)(tf.cast(images, tf.float32))",
        },
    },
    "even_rows_last_column": {
        "wrong": {
            "odd rows": "def even_rows_last_column(x):\n    return x[1::2, -1]",
            "keeps the column axis": "def even_rows_last_column(x):\n    return x[::2, -1:]",
            "column index hard-coded": "def even_rows_last_column(x):\n    return x[::2, 2]",
            "last of the even rows": "def even_rows_last_column(x):\n    return x[::2][-1]",
            "second-to-last column (off by one)": "def even_rows_last_column(x):\n    return x[::2, x.shape[1] - 2]",
            "casts to float32": "def even_rows_last_column(x):\n    return tf.cast(x[::2, -1], tf.float32)",
            "every row's last column": "def even_rows_last_column(x):\n    return x[:, -1]",
            "even rows of the first column": "def even_rows_last_column(x):\n    return x[::2, 0]",
        },
        "right": {
            "column first, then every other entry": "def even_rows_last_column(x):\n    return x[:, -1][::2]",
            "tf.gather": "def even_rows_last_column(x):\n    return tf.gather(x[:, -1], tf.range(0, x.shape[0], 2))",
            "explicit start and stop": "def even_rows_last_column(x):\n    return x[0:x.shape[0]:2, x.shape[1] - 1]",
            "tf.strided_slice": (
                "def even_rows_last_column(x):\n"
                "    n, m = x.shape\n"
                "    return tf.reshape(tf.strided_slice(x, [0, m - 1], [n, m], [2, 1]), [-1])"
            ),
        },
    },
    "add_to_variable": {
        "wrong": {
            "returns a new tensor": "def add_to_variable(v, delta):\n    return v + delta",
            "returns what assign_add returns": "def add_to_variable(v, delta):\n    return v.assign_add(delta)",
            "returns a new Variable": "def add_to_variable(v, delta):\n    return tf.Variable(v + delta)",
            "updates a copy": (
                "def add_to_variable(v, delta):\n"
                "    w = tf.Variable(v)\n"
                "    w.assign_add(delta)\n"
                "    return w"
            ),
            "subtracts": "def add_to_variable(v, delta):\n    v.assign_sub(delta)\n    return v",
            "replaces instead of adding": "def add_to_variable(v, delta):\n    v.assign(delta)\n    return v",
            "rebinds the name": "def add_to_variable(v, delta):\n    v = v + delta\n    return v",
            "returns the wrapped tf.Variable of a keras.Variable": (
                "def add_to_variable(v, delta):\n"
                "    v.assign_add(delta)\n"
                "    return v.value if isinstance(v, keras.Variable) else v"
            ),
            "adds twice through assign and assign_add": (
                "def add_to_variable(v, delta):\n"
                "    v.assign_add(delta)\n"
                "    v.assign(v + delta)\n"
                "    return v"
            ),
        },
        "right": {
            "assign the sum": "def add_to_variable(v, delta):\n    v.assign(v + delta)\n    return v",
            "assign_add through an alias of v": "def add_to_variable(v, delta):\n    w = v\n    w.assign_add(tf.identity(delta))\n    return w",
            "subtract the negation": "def add_to_variable(v, delta):\n    v.assign_sub(-delta)\n    return v",
        },
    },
    "images_to_vectors": {
        "wrong": {
            "batch size from the static shape (None when traced)": (
                "def images_to_vectors(images):\n    return tf.reshape(images, (images.shape[0], -1))"
            ),
            "unpacks the static shape": (
                "def images_to_vectors(images):\n"
                "    n, h, w = images.shape\n"
                "    return tf.reshape(images, (n, h * w))"
            ),
            "flattens the whole batch": "def images_to_vectors(images):\n    return tf.reshape(images, (-1,))",
            "8 x 8 hard-coded": "def images_to_vectors(images):\n    return tf.reshape(images, (-1, 64))",
            "axes swapped": "def images_to_vectors(images):\n    return tf.reshape(images, (-1, tf.shape(images)[0]))",
            "column-major order": (
                "def images_to_vectors(images):\n"
                "    return tf.reshape(tf.transpose(images, (0, 2, 1)), (tf.shape(images)[0], -1))"
            ),
            "casts to float32": "def images_to_vectors(images):\n    return tf.cast(tf.reshape(images, (-1, images.shape[1] * images.shape[2])), tf.float32)",
            "NumPy array": "def images_to_vectors(images):\n    return np.reshape(images, (images.shape[0], -1))",
            "loops over the batch in Python": (
                "def images_to_vectors(images):\n"
                "    return tf.stack([tf.reshape(image, (-1,)) for image in images])"
            ),
        },
        "right": {
            "dynamic batch size": "def images_to_vectors(images):\n    return tf.reshape(images, (tf.shape(images)[0], -1))",
            "the whole dynamic shape": (
                "def images_to_vectors(images):\n"
                "    shape = tf.shape(images)\n"
                "    return tf.reshape(images, tf.stack([shape[0], shape[1] * shape[2]]))"
            ),
            "keras Flatten layer": "def images_to_vectors(images):\n    return keras.layers.Flatten()(images)",
            "keras.ops.reshape": (
                "def images_to_vectors(images):\n"
                "    return keras.ops.reshape(images, (-1, images.shape[1] * images.shape[2]))"
            ),
        },
    },
}
