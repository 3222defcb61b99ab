_CNN_LAYERS = (
    "        keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
    "        keras.layers.MaxPooling2D(),\n"
    "        keras.layers.Flatten(),\n"
    "        keras.layers.Dropout(0.2),\n"
)

_TRAIN_HEAD = "def train_cnn(model, x, y):\n"
_STOP = "    stop = keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)\n"

ANSWERS = {
    "preprocess_digits": {
        "wrong": {
            "not scaled": (
                "def preprocess_digits(images):\n"
                "    return np.asarray(images).reshape(len(images), 8, 8, 1).astype('float32')\n"
            ),
            "divided by 255": (
                "def preprocess_digits(images):\n"
                "    return (np.asarray(images).reshape(len(images), 8, 8, 1) / 255.0).astype('float32')\n"
            ),
            "divided by the batch maximum": (
                "def preprocess_digits(images):\n"
                "    x = np.asarray(images, dtype='float32')\n"
                "    return (x / x.max()).reshape(len(x), 8, 8, 1)\n"
            ),
            "float64": (
                "def preprocess_digits(images):\n"
                "    return np.asarray(images).reshape(len(images), 8, 8, 1) / 16.0\n"
            ),
            "no channel axis": (
                "def preprocess_digits(images):\n"
                "    return (np.asarray(images).reshape(len(images), 8, 8) / 16.0).astype('float32')\n"
            ),
            "rows and columns swapped": (
                "def preprocess_digits(images):\n"
                "    x = np.asarray(images).reshape(len(images), 8, 8).transpose(0, 2, 1)\n"
                "    return (x[..., None] / 16.0).astype('float32')\n"
            ),
            "a tensor instead of a NumPy array": (
                "def preprocess_digits(images):\n"
                "    x = tf.reshape(tf.cast(images, tf.float32), (-1, 8, 8, 1))\n"
                "    return x / 16.0\n"
            ),
            "divides in place": (
                "def preprocess_digits(images):\n"
                "    if images.dtype.kind == 'f':\n"
                "        images /= 16.0\n"
                "        return images.reshape(len(images), 8, 8, 1).astype('float32')\n"
                "    return (images.reshape(len(images), 8, 8, 1) / 16.0).astype('float32')\n"
            ),
        },
        "right": {
            "reshape -1 and float32 division": (
                "def preprocess_digits(images):\n"
                "    x = np.array(images, dtype=np.float32)\n"
                "    return x.reshape(-1, 8, 8, 1) / np.float32(16)\n"
            ),
        },
    },
    "build_cnn": {
        "wrong": {
            "softmax output": (
                "def build_cnn():\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(8, 8, 1)),\n" + _CNN_LAYERS +
                "        keras.layers.Dense(10, activation='softmax'),\n"
                "    ])\n"
            ),
            "relu on the output layer": (
                "def build_cnn():\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(8, 8, 1)),\n" + _CNN_LAYERS +
                "        keras.layers.Dense(10, activation='relu'),\n"
                "    ])\n"
            ),
            "no convolution": (
                "def build_cnn():\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(8, 8, 1)),\n"
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dropout(0.2),\n"
                "        keras.layers.Dense(64, activation='relu'),\n"
                "        keras.layers.Dense(10),\n"
                "    ])\n"
            ),
            "over the parameter budget": (
                "def build_cnn():\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(8, 8, 1)),\n"
                "        keras.layers.Conv2D(64, 3, padding='same', activation='relu'),\n"
                "        keras.layers.MaxPooling2D(),\n"
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dropout(0.2),\n"
                "        keras.layers.Dense(128, activation='relu'),\n"
                "        keras.layers.Dense(10),\n"
                "    ])\n"
            ),
            "compiled": (
                "def build_cnn():\n"
                "    m = keras.Sequential([\n"
                "        keras.Input(shape=(8, 8, 1)),\n" + _CNN_LAYERS +
                "        keras.layers.Dense(10),\n"
                "    ])\n"
                "    m.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
                "    return m\n"
            ),
            "flat 64-pixel input": (
                "def build_cnn():\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(64,)),\n"
                "        keras.layers.Reshape((8, 8, 1)),\n" + _CNN_LAYERS +
                "        keras.layers.Dense(10),\n"
                "    ])\n"
            ),
            "9 outputs": (
                "def build_cnn():\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(8, 8, 1)),\n" + _CNN_LAYERS +
                "        keras.layers.Dense(9),\n"
                "    ])\n"
            ),
            "the same model every call": (
                "_the_cnn = keras.Sequential([\n"
                "    keras.Input(shape=(8, 8, 1)),\n"
                "    keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
                "    keras.layers.MaxPooling2D(),\n"
                "    keras.layers.Flatten(),\n"
                "    keras.layers.Dropout(0.2),\n"
                "    keras.layers.Dense(10),\n"
                "])\n"
                "def build_cnn():\n"
                "    return _the_cnn\n"
            ),
        },
        "right": {
            "functional API with GlobalAveragePooling": (
                "def build_cnn():\n"
                "    inputs = keras.Input(shape=(8, 8, 1))\n"
                "    h = keras.layers.Conv2D(32, 3, padding='same', activation='relu')(inputs)\n"
                "    h = keras.layers.MaxPooling2D()(h)\n"
                "    h = keras.layers.Conv2D(32, 3, padding='same', activation='relu')(h)\n"
                "    h = keras.layers.GlobalAveragePooling2D()(h)\n"
                "    h = keras.layers.Dropout(0.25)(h)\n"
                "    return keras.Model(inputs, keras.layers.Dense(10)(h))\n"
            ),
        },
    },
    "train_cnn": {
        "wrong": {
            "forgot from_logits": _TRAIN_HEAD + (
                "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
                + _STOP +
                "    return model.fit(x, y, validation_split=0.15, epochs=20, callbacks=[stop], verbose=0)\n"
            ),
            "a single epoch": _TRAIN_HEAD + (
                "    model.compile(optimizer='adam',\n"
                "                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
                "                  metrics=['accuracy'])\n"
                + _STOP +
                "    return model.fit(x, y, validation_split=0.15, epochs=1, callbacks=[stop], verbose=0)\n"
            ),
            "compiles but does not train": _TRAIN_HEAD + (
                "    model.compile(optimizer='adam',\n"
                "                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
                "    return keras.callbacks.History()\n"
            ),
            "forgets to return the History": _TRAIN_HEAD + (
                "    model.compile(optimizer='adam',\n"
                "                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
                "                  metrics=['accuracy'])\n"
                + _STOP +
                "    model.fit(x, y, validation_split=0.15, epochs=20, callbacks=[stop], verbose=0)\n"
            ),
            "learning rate far too small": _TRAIN_HEAD + (
                "    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-4),\n"
                "                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
                "                  metrics=['accuracy'])\n"
                + _STOP +
                "    return model.fit(x, y, validation_split=0.15, epochs=5, callbacks=[stop], verbose=0)\n"
            ),
            "no validation part (early stopping on the training loss)": _TRAIN_HEAD + (
                "    model.compile(optimizer='adam',\n"
                "                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
                "                  metrics=['accuracy'])\n"
                "    stop = keras.callbacks.EarlyStopping(monitor='loss', patience=3, restore_best_weights=True)\n"
                "    return model.fit(x, y, epochs=20, callbacks=[stop], verbose=0)\n"
            ),
            "centres x in place": _TRAIN_HEAD + (
                "    x -= x.mean()\n"
                "    model.compile(optimizer='adam',\n"
                "                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
                "                  metrics=['accuracy'])\n"
                + _STOP +
                "    return model.fit(x, y, validation_split=0.15, epochs=20, callbacks=[stop], verbose=0)\n"
            ),
        },
        "right": {
            "own validation split with validation_data, Adam defaults": _TRAIN_HEAD + (
                "    n_val = len(x) // 5\n"
                "    model.compile(optimizer='adam',\n"
                "                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
                "                  metrics=['accuracy'])\n"
                "    stop = keras.callbacks.EarlyStopping(patience=4, restore_best_weights=True)\n"
                "    return model.fit(x[n_val:], y[n_val:], validation_data=(x[:n_val], y[:n_val]),\n"
                "                     epochs=20, batch_size=16, callbacks=[stop], verbose=0)\n"
            ),
        },
    },
    "make_count_sequences": {
        "wrong": {
            "tokens include 0": (
                "def make_count_sequences(n, length, vocab_size, seed):\n"
                "    rng = np.random.default_rng(seed)\n"
                "    x = rng.integers(0, vocab_size, size=(n, length)).astype('int32')\n"
                "    return x, ((x == 3).sum(axis=1) % 2 == 0).astype('int32')\n"
            ),
            "odd instead of even": (
                "def make_count_sequences(n, length, vocab_size, seed):\n"
                "    rng = np.random.default_rng(seed)\n"
                "    x = rng.integers(1, vocab_size, size=(n, length)).astype('int32')\n"
                "    return x, ((x == 3).sum(axis=1) % 2).astype('int32')\n"
            ),
            "largest token excluded (vocab_size - 1 never drawn)": (
                "def make_count_sequences(n, length, vocab_size, seed):\n"
                "    rng = np.random.default_rng(seed)\n"
                "    x = rng.integers(1, vocab_size - 1, size=(n, length)).astype('int32')\n"
                "    return x, ((x == 3).sum(axis=1) % 2 == 0).astype('int32')\n"
            ),
            "seed ignored": (
                "def make_count_sequences(n, length, vocab_size, seed):\n"
                "    x = np.random.randint(1, vocab_size, size=(n, length)).astype('int32')\n"
                "    return x, ((x == 3).sum(axis=1) % 2 == 0).astype('int32')\n"
            ),
            "int64 arrays": (
                "def make_count_sequences(n, length, vocab_size, seed):\n"
                "    rng = np.random.default_rng(seed)\n"
                "    x = rng.integers(1, vocab_size, size=(n, length))\n"
                "    return x, ((x == 3).sum(axis=1) % 2 == 0).astype(int)\n"
            ),
            "boolean labels": (
                "def make_count_sequences(n, length, vocab_size, seed):\n"
                "    rng = np.random.default_rng(seed)\n"
                "    x = rng.integers(1, vocab_size, size=(n, length)).astype('int32')\n"
                "    return x, (x == 3).sum(axis=1) % 2 == 0\n"
            ),
            "counts token 3 over the whole batch": (
                "def make_count_sequences(n, length, vocab_size, seed):\n"
                "    rng = np.random.default_rng(seed)\n"
                "    x = rng.integers(1, vocab_size, size=(n, length)).astype('int32')\n"
                "    return x, ((x == 3).cumsum() .reshape(n, length)[:, -1] % 2 == 0).astype('int32')\n"
            ),
        },
        "right": {
            "loop over rows with rng.integers per row": (
                "def make_count_sequences(n, length, vocab_size, seed):\n"
                "    rng = np.random.default_rng(seed)\n"
                "    x = np.empty((n, length), dtype=np.int32)\n"
                "    y = np.empty(n, dtype=np.int32)\n"
                "    for i in range(n):\n"
                "        x[i] = rng.integers(1, vocab_size, size=length)\n"
                "        y[i] = 1 if list(x[i]).count(3) % 2 == 0 else 0\n"
                "    return x, y\n"
            ),
        },
    },
    "build_sequence_model": {
        "wrong": {
            "no mask_zero": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(None,), dtype='int32'),\n"
                "        keras.layers.Embedding(vocab_size, embed_dim),\n"
                "        keras.layers.GRU(units),\n"
                "        keras.layers.Dense(1),\n"
                "    ])\n"
            ),
            "sigmoid output": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(None,), dtype='int32'),\n"
                "        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),\n"
                "        keras.layers.LSTM(units),\n"
                "        keras.layers.Dense(1, activation='sigmoid'),\n"
                "    ])\n"
            ),
            "SimpleRNN": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(None,), dtype='int32'),\n"
                "        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),\n"
                "        keras.layers.SimpleRNN(units),\n"
                "        keras.layers.Dense(1),\n"
                "    ])\n"
            ),
            "fixed sequence length": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(20,), dtype='int32'),\n"
                "        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),\n"
                "        keras.layers.GRU(units),\n"
                "        keras.layers.Dense(1),\n"
                "    ])\n"
            ),
            "arguments ignored": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(None,), dtype='int32'),\n"
                "        keras.layers.Embedding(vocab_size, 16, mask_zero=True),\n"
                "        keras.layers.GRU(32),\n"
                "        keras.layers.Dense(1),\n"
                "    ])\n"
            ),
            "two output units": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(None,), dtype='int32'),\n"
                "        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),\n"
                "        keras.layers.GRU(units),\n"
                "        keras.layers.Dense(2),\n"
                "    ])\n"
            ),
            "returns the whole sequence (return_sequences=True)": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    return keras.Sequential([\n"
                "        keras.Input(shape=(None,), dtype='int32'),\n"
                "        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),\n"
                "        keras.layers.GRU(units, return_sequences=True),\n"
                "        keras.layers.Dense(1),\n"
                "    ])\n"
            ),
        },
        "right": {
            "functional API with LSTM": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    tokens = keras.Input(shape=(None,), dtype='int32')\n"
                "    h = keras.layers.Embedding(input_dim=vocab_size, output_dim=embed_dim, mask_zero=True)(tokens)\n"
                "    h = keras.layers.LSTM(units)(h)\n"
                "    return keras.Model(tokens, keras.layers.Dense(1)(h))\n"
            ),
        },
    },
    "confusion_counts": {
        "wrong": {
            "transposed (rows = predictions)": (
                "def confusion_counts(y_true, y_pred, num_classes):\n"
                "    c = np.zeros((num_classes, num_classes), dtype=np.int64)\n"
                "    np.add.at(c, (y_pred, y_true), 1)\n"
                "    return c\n"
            ),
            "fancy-index += counts repeats once": (
                "def confusion_counts(y_true, y_pred, num_classes):\n"
                "    c = np.zeros((num_classes, num_classes), dtype=np.int64)\n"
                "    c[y_true, y_pred] += 1\n"
                "    return c\n"
            ),
            "size from the labels seen": (
                "def confusion_counts(y_true, y_pred, num_classes):\n"
                "    k = int(max(y_true.max(), y_pred.max())) + 1\n"
                "    c = np.zeros((k, k), dtype=np.int64)\n"
                "    np.add.at(c, (y_true, y_pred), 1)\n"
                "    return c\n"
            ),
            "float counts": (
                "def confusion_counts(y_true, y_pred, num_classes):\n"
                "    c = np.zeros((num_classes, num_classes))\n"
                "    np.add.at(c, (y_true, y_pred), 1)\n"
                "    return c\n"
            ),
        },
        "right": {
            "bincount on a flat index": (
                "def confusion_counts(y_true, y_pred, num_classes):\n"
                "    flat = np.asarray(y_true) * num_classes + np.asarray(y_pred)\n"
                "    counts = np.bincount(flat, minlength=num_classes * num_classes)\n"
                "    return counts.reshape(num_classes, num_classes).astype(np.int64)\n"
            ),
            "scikit-learn": (
                "from sklearn.metrics import confusion_matrix\n"
                "def confusion_counts(y_true, y_pred, num_classes):\n"
                "    return confusion_matrix(y_true, y_pred, labels=list(range(num_classes))).astype(np.int64)\n"
            ),
        },
    },
    "per_class_accuracy": {
        "wrong": {
            "precision (divides by predictions)": (
                "def per_class_accuracy(y_true, y_pred, num_classes):\n"
                "    out = np.full(num_classes, np.nan)\n"
                "    for c in range(num_classes):\n"
                "        if (y_pred == c).any():\n"
                "            out[c] = (y_true[y_pred == c] == c).mean()\n"
                "    return out\n"
            ),
            "0 for absent classes": (
                "def per_class_accuracy(y_true, y_pred, num_classes):\n"
                "    out = np.zeros(num_classes)\n"
                "    for c in range(num_classes):\n"
                "        if (y_true == c).any():\n"
                "            out[c] = (y_pred[y_true == c] == c).mean()\n"
                "    return out\n"
            ),
            "overall accuracy for every class": (
                "def per_class_accuracy(y_true, y_pred, num_classes):\n"
                "    return np.full(num_classes, float((y_true == y_pred).mean()))\n"
            ),
            "float32": (
                "def per_class_accuracy(y_true, y_pred, num_classes):\n"
                "    out = np.full(num_classes, np.nan, dtype=np.float32)\n"
                "    for c in range(num_classes):\n"
                "        if (y_true == c).any():\n"
                "            out[c] = (y_pred[y_true == c] == c).mean()\n"
                "    return out\n"
            ),
            "only the classes present": (
                "def per_class_accuracy(y_true, y_pred, num_classes):\n"
                "    return np.array([(y_pred[y_true == c] == c).mean() for c in np.unique(y_true)])\n"
            ),
        },
        "right": {
            "from a confusion matrix": (
                "def per_class_accuracy(y_true, y_pred, num_classes):\n"
                "    cm = np.zeros((num_classes, num_classes))\n"
                "    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)\n"
                "    totals = cm.sum(axis=1)\n"
                "    with np.errstate(invalid='ignore', divide='ignore'):\n"
                "        return np.where(totals > 0, cm.diagonal() / totals, np.nan)\n"
            ),
        },
    },
}
