"""Wrong and alternative answers for chapter 10 (see tests/answers/README.md)."""

_CNN_INPUT = "        keras.Input(shape=(8, 8, 1)),\n"
_CNN_BODY = (
    "        keras.layers.Conv2D(32, 3, padding='same', activation='relu'),\n"
    "        keras.layers.MaxPooling2D(),\n"
    "        keras.layers.Conv2D(32, 3, padding='same', activation='relu'),\n"
    "        keras.layers.MaxPooling2D(),\n"
    "        keras.layers.Flatten(),\n"
    "        keras.layers.Dropout(0.3),\n"
)


def _cnn(output="        keras.layers.Dense(10),\n", body=_CNN_BODY, inputs=_CNN_INPUT):
    return "def build_cnn():\n    return keras.Sequential([\n" + inputs + body + output + "    ])\n"


_LOSS = "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
_STOP = "keras.callbacks.EarlyStopping(monitor='val_loss', patience=4, restore_best_weights=True)"
_FIT = "model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=30, batch_size=64, callbacks=[stop], verbose=0)"


def _train(optimizer="keras.optimizers.Adam(learning_rate=3e-3)", loss=_LOSS, stop=_STOP, fit=_FIT,
           before="", result="history, stop"):
    return (
        "def train_cnn(model, x_train, y_train, x_val, y_val):\n"
        + before
        + f"    model.compile(optimizer={optimizer}, loss={loss}, metrics=['accuracy'])\n"
        + f"    stop = {stop}\n"
        + f"    history = {fit}\n"
        + f"    return {result}\n"
    )


_MCNEMAR_HEAD = (
    "import math\n"
    "def mcnemar(y_true, pred_a, pred_b):\n"
    "    right_a = np.asarray(pred_a) == np.asarray(y_true)\n"
    "    right_b = np.asarray(pred_b) == np.asarray(y_true)\n"
)
_COUNTS = (
    "    b = int((right_a & ~right_b).sum())\n"
    "    c = int((~right_a & right_b).sum())\n"
)
_EXACT_TAIL = "    tail = sum(math.comb(b + c, k) for k in range(min(b, c) + 1)) / 2 ** (b + c)\n"


def _mcnemar(counts=_COUNTS, p="    p = min(1.0, 2 * tail)\n", tail=_EXACT_TAIL):
    return _MCNEMAR_HEAD + counts + tail + p + "    return b, c, float(p)\n"


def _seq(layers, inputs="        keras.Input(shape=(None,), dtype='int32'),\n"):
    return (
        "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
        "    return keras.Sequential([\n" + inputs + layers + "    ])\n"
    )


_EMB = "        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),\n"


def _brackets(layers, loss="keras.losses.BinaryCrossentropy(from_logits=True)", epochs=8,
              optimizer="keras.optimizers.Adam(learning_rate=5e-3)", result="model, history",
              inputs="keras.Input(shape=(None,), dtype='int32')"):
    return (
        "def train_sequence_model(x, y):\n"
        f"    model = keras.Sequential([{inputs}] + {layers})\n"
        f"    model.compile(optimizer={optimizer}, loss={loss}, metrics=['accuracy'])\n"
        f"    history = model.fit(x, y, validation_split=0.2, epochs={epochs}, batch_size=64, verbose=0)\n"
        f"    return {result}\n"
    )


_GRU_STACK = "[keras.layers.Embedding(10, 16, mask_zero=True), keras.layers.GRU(32), keras.layers.Dense(1)]"

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
            "softmax output": _cnn(output="        keras.layers.Dense(10, activation='softmax'),\n"),
            "relu on the output layer": _cnn(output="        keras.layers.Dense(10, activation='relu'),\n"),
            "no convolution": _cnn(body=(
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dense(64, activation='relu'),\n"
                "        keras.layers.Dropout(0.2),\n"
            )),
            "no Dropout": _cnn(body=_CNN_BODY.replace("        keras.layers.Dropout(0.3),\n", "")),
            "the CNN of section 10.2 (over the budget)": _cnn(body=(
                "        keras.layers.Conv2D(32, 3, padding='same', activation='relu'),\n"
                "        keras.layers.MaxPooling2D(),\n"
                "        keras.layers.Conv2D(64, 3, padding='same', activation='relu'),\n"
                "        keras.layers.MaxPooling2D(),\n"
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dropout(0.3),\n"
                "        keras.layers.Dense(64, activation='relu'),\n"
            )),
            "compiled": (
                "def build_cnn():\n"
                "    m = keras.Sequential([\n" + _CNN_INPUT + _CNN_BODY + "        keras.layers.Dense(10),\n    ])\n"
                "    m.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
                "    return m\n"
            ),
            "flat 64-pixel input": _cnn(inputs=(
                "        keras.Input(shape=(64,)),\n"
                "        keras.layers.Reshape((8, 8, 1)),\n"
            )),
            "9 outputs": _cnn(output="        keras.layers.Dense(9),\n"),
            "the same model every call": (
                "_the_cnn = keras.Sequential([\n"
                "    keras.Input(shape=(8, 8, 1)),\n"
                "    keras.layers.Conv2D(32, 3, padding='same', activation='relu'),\n"
                "    keras.layers.MaxPooling2D(),\n"
                "    keras.layers.Flatten(),\n"
                "    keras.layers.Dropout(0.3),\n"
                "    keras.layers.Dense(10),\n"
                "])\n"
                "def build_cnn():\n"
                "    return _the_cnn\n"
            ),
        },
        "right": {
            "functional API, two convolutions before one pooling": (
                "def build_cnn():\n"
                "    inputs = keras.Input(shape=(8, 8, 1))\n"
                "    h = keras.layers.Conv2D(16, 3, padding='same', activation='relu')(inputs)\n"
                "    h = keras.layers.Conv2D(32, 3, padding='same', activation='relu')(h)\n"
                "    h = keras.layers.MaxPooling2D()(h)\n"
                "    h = keras.layers.Dropout(0.4)(keras.layers.Flatten()(h))\n"
                "    return keras.Model(inputs, keras.layers.Dense(10)(h))\n"
            ),
            "one convolution block, 5,450 parameters": _cnn(body=(
                "        keras.layers.Conv2D(32, 3, padding='same', activation='relu'),\n"
                "        keras.layers.MaxPooling2D(),\n"
                "        keras.layers.Flatten(),\n"
                "        keras.layers.Dropout(0.3),\n"
            )),
        },
    },
    "train_cnn": {
        "wrong": {
            "EarlyStopping without restore_best_weights": _train(
                stop="keras.callbacks.EarlyStopping(monitor='val_loss', patience=4)"),
            "trains on the validation data too": _train(fit=(
                "model.fit(np.concatenate([x_train, x_val]), np.concatenate([y_train, y_val]), "
                "validation_data=(x_val, y_val), epochs=30, batch_size=64, callbacks=[stop], verbose=0)")),
            "early stopping on the training data (validation_data=(x_train, y_train))": _train(fit=(
                "model.fit(x_train, y_train, validation_data=(x_train, y_train), epochs=30, "
                "batch_size=64, callbacks=[stop], verbose=0)")),
            "validation_split of x_train, x_val ignored": _train(fit=(
                "model.fit(x_train, y_train, validation_split=0.2, epochs=30, batch_size=64, "
                "callbacks=[stop], verbose=0)")),
            "too few epochs": _train(fit=(
                "model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, "
                "batch_size=64, callbacks=[stop], verbose=0)")),
            "from_logits forgotten": _train(loss="'sparse_categorical_crossentropy'"),
            "early stopping on the training loss": _train(
                stop="keras.callbacks.EarlyStopping(monitor='loss', patience=4, restore_best_weights=True)"),
            "callback made but not passed to fit": _train(fit=(
                "model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=30, "
                "batch_size=64, verbose=0)")),
            "learning rate far too small": _train(optimizer="keras.optimizers.SGD(learning_rate=1e-4)"),
            "returns only the History": _train(result="history"),
            "centres x_train in place": _train(before="    x_train -= x_train.mean()\n    x_val -= x_val.mean()\n"),
        },
        "right": {
            "batches of 32, Adam 2e-3, default monitor": _train(
                optimizer="keras.optimizers.Adam(learning_rate=2e-3)",
                stop="keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)",
                fit=("model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=30, "
                     "batch_size=32, callbacks=[stop], verbose=0)")),
            "tf.data pipeline, min_delta": _train(
                stop="keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=1e-4, patience=4, restore_best_weights=True)",
                fit=("model.fit(tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000, seed=0).batch(64), "
                     "validation_data=tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(128), "
                     "epochs=30, callbacks=[stop], verbose=0)")),
        },
    },
    "mcnemar": {
        "wrong": {
            "discordant = the predictions differ": _mcnemar(counts=(
                "    differ = np.asarray(pred_a) != np.asarray(pred_b)\n"
                "    b = int((differ & right_a).sum())\n"
                "    c = int(differ.sum()) - b\n"
            )),
            "one-sided p-value": _mcnemar(p="    p = min(1.0, tail)\n"),
            "not capped at 1": _mcnemar(p="    p = 2 * tail\n"),
            "b and c swapped": _mcnemar(counts=(
                "    b = int((~right_a & right_b).sum())\n"
                "    c = int((right_a & ~right_b).sum())\n"
            )),
            "all errors, not the discordant ones": _mcnemar(counts=(
                "    b = int((~right_b).sum())\n"
                "    c = int((~right_a).sum())\n"
            )),
            "chi-square with continuity correction": _mcnemar(
                tail="", p=(
                    "    from scipy.stats import chi2\n"
                    "    p = 1.0 if b + c == 0 else chi2.sf((abs(b - c) - 1) ** 2 / (b + c), df=1)\n")),
            "binomial over all examples": _mcnemar(
                tail="    n = len(y_true)\n    tail = sum(math.comb(n, k) for k in range(min(b, c) + 1)) / 2 ** n\n"),
            "scipy's binomtest without the b + c == 0 case": _mcnemar(
                tail="", p="    from scipy.stats import binomtest\n    p = binomtest(b, b + c, 0.5).pvalue\n"),
        },
        "right": {
            "scipy binomtest": _mcnemar(tail="", p=(
                "    from scipy.stats import binomtest\n"
                "    p = 1.0 if b + c == 0 else binomtest(b, b + c, 0.5).pvalue\n")),
            "binomial cdf": _mcnemar(tail="", p=(
                "    from scipy.stats import binom\n"
                "    p = min(1.0, 2 * binom.cdf(min(b, c), b + c, 0.5))\n")),
        },
    },
    "build_sequence_model": {
        "wrong": {
            "no mask_zero": _seq(
                "        keras.layers.Embedding(vocab_size, embed_dim),\n"
                "        keras.layers.GRU(units),\n        keras.layers.Dense(1),\n"),
            "sigmoid output": _seq(
                _EMB + "        keras.layers.LSTM(units),\n        keras.layers.Dense(1, activation='sigmoid'),\n"),
            "SimpleRNN": _seq(_EMB + "        keras.layers.SimpleRNN(units),\n        keras.layers.Dense(1),\n"),
            "fixed sequence length": _seq(
                _EMB + "        keras.layers.GRU(units),\n        keras.layers.Dense(1),\n",
                inputs="        keras.Input(shape=(20,), dtype='int32'),\n"),
            "arguments ignored": _seq(
                "        keras.layers.Embedding(vocab_size, 16, mask_zero=True),\n"
                "        keras.layers.GRU(32),\n        keras.layers.Dense(1),\n"),
            "two output units": _seq(_EMB + "        keras.layers.GRU(units),\n        keras.layers.Dense(2),\n"),
            "returns the whole sequence (return_sequences=True)": _seq(
                _EMB + "        keras.layers.GRU(units, return_sequences=True),\n        keras.layers.Dense(1),\n"),
            "compiled": (
                "def build_sequence_model(vocab_size, embed_dim=16, units=32):\n"
                "    m = keras.Sequential([keras.Input(shape=(None,), dtype='int32'),\n"
                "                          keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),\n"
                "                          keras.layers.GRU(units), keras.layers.Dense(1)])\n"
                "    m.compile(optimizer='adam', loss=keras.losses.BinaryCrossentropy(from_logits=True))\n"
                "    return m\n"
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
    "train_sequence_model": {
        "wrong": {
            "an order-blind model (average of the embeddings)": _brackets(
                "[keras.layers.Embedding(10, 16, mask_zero=True), keras.layers.GlobalAveragePooling1D(), "
                "keras.layers.Dense(32, activation='relu'), keras.layers.Dense(1)]"),
            "sigmoid output with from_logits=True": _brackets(
                "[keras.layers.Embedding(10, 16, mask_zero=True), keras.layers.GRU(32), "
                "keras.layers.Dense(1, activation='sigmoid')]"),
            "a fixed-length model (Flatten)": _brackets(
                "[keras.layers.Embedding(10, 16), keras.layers.Flatten(), "
                "keras.layers.Dense(64, activation='relu'), keras.layers.Dense(1)]",
                inputs="keras.Input(shape=(20,), dtype='int32')"),
            "two softmax outputs": _brackets(
                "[keras.layers.Embedding(10, 16, mask_zero=True), keras.layers.GRU(32), "
                "keras.layers.Dense(2, activation='softmax')]",
                loss="'sparse_categorical_crossentropy'"),
            "too many epochs": _brackets(_GRU_STACK, epochs=12),
            "returns only the model": _brackets(_GRU_STACK, result="model"),
            "one epoch at the default learning rate": _brackets(
                _GRU_STACK, epochs=1, optimizer="keras.optimizers.Adam()"),
        },
        "right": {
            "build_sequence_model with EarlyStopping, at most 10 epochs": (
                "def train_sequence_model(x, y):\n"
                "    model = build_sequence_model(10, embed_dim=16, units=32)\n"
                "    model.compile(optimizer=keras.optimizers.Adam(learning_rate=5e-3),\n"
                "                  loss=keras.losses.BinaryCrossentropy(from_logits=True))\n"
                "    stop = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)\n"
                "    history = model.fit(x, y, validation_split=0.1, epochs=10, batch_size=64,\n"
                "                        callbacks=[stop], verbose=0)\n"
                "    return model, history\n"
            ),
            "GRU without a mask": _brackets(
                "[keras.layers.Embedding(10, 16), keras.layers.GRU(32), keras.layers.Dense(1)]", epochs=10),
        },
    },
}
