"""Wrong and correct alternative answers for 08_model_apis (see README.md)."""

# --------------------------------------------------------------------------- mlp_param_count
MLP_RIGHT = '''
def mlp_param_count(n_inputs, hidden, n_outputs):
    sizes = [n_inputs, *hidden, n_outputs]
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
'''

# --------------------------------------------------------------------------- two_in_two_out
TWO = '''
def two_in_two_out(n_text, n_user, n_categories):
    text = keras.Input(shape=(n_text,), name=TEXT_NAME)
    user = keras.Input(shape=(n_user,), name="user_features")
    h = layers.Dense(32, activation=HIDDEN_ACT)(layers.Concatenate()(MERGE))
    rating = layers.Dense(1, name=RATING_NAME)(h)
    category = layers.Dense(n_categories, name="category"CAT_ACT)(h)
    return keras.Model(inputs=[text, user], outputs=OUTPUTS)
'''
TWO_OK = dict(TEXT_NAME='"text_features"', HIDDEN_ACT='"relu"', MERGE="[text, user]", RATING_NAME='"rating"',
              CAT_ACT="", OUTPUTS="[rating, category]")


def two(**changes):
    source = TWO
    for key, value in {**TWO_OK, **changes}.items():
        source = source.replace(key, value)
    return source


# --------------------------------------------------------------------------- residual_block
RES = '''
def residual_block(x, units):
    f = layers.Dense(units, activation="relu")(x)
    f = layers.Dense(units)(f)
    shortcut = SHORTCUT
    return FINISH
'''
RES_SHORTCUT = 'x if x.shape[-1] == units else layers.Dense(units, use_bias=False)(x)'
RES_FINISH = 'layers.Activation("relu")(layers.Add()([shortcut, f]))'


def res(shortcut=RES_SHORTCUT, finish=RES_FINISH):
    return RES.replace("SHORTCUT", shortcut).replace("FINISH", finish)


# --------------------------------------------------------------------------- shared_encoder_model
SHARED = '''
def shared_encoder_model(n_features, units):
    encoder = layers.Dense(units, activation=ACT)
    left = keras.Input(shape=(n_features,), name="left")
    right = keras.Input(shape=(n_features,), name="right")
    merged = MERGE
    same = layers.Dense(1, name="same")(merged)
    return RETURN
'''
SHARED_OK = dict(ACT='"relu"', MERGE="layers.Concatenate()([encoder(left), encoder(right)])",
                 RETURN="keras.Model([left, right], same), encoder")


def shared(**changes):
    source = SHARED
    for key, value in {**SHARED_OK, **changes}.items():
        source = source.replace(key, value)
    return source


# --------------------------------------------------------------------------- FitLikeModel
FIT = '''
class FitLikeModel(keras.Model):
    def train_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = FORWARD
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=LOSS_SW)
        grads = tape.gradient(loss, self.trainable_weights)
        APPLY
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred, sample_weight=METRIC_SW)
        return RETURN
'''
FIT_OK = dict(FORWARD="self(x, training=True)", LOSS_SW="sample_weight",
              APPLY="self.optimizer.apply(grads, self.trainable_weights)", METRIC_SW="sample_weight",
              RETURN="{m.name: m.result() for m in self.metrics}")


def fit(**changes):
    source = FIT
    for key, value in {**FIT_OK, **changes}.items():
        source = source.replace(key, value)
    return source


FIT_OLD_STYLE = '''
class FitLikeModel(keras.Model):
    def train_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compiled_loss(y, y_pred, sample_weight)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.compiled_metrics.update_state(y, y_pred, sample_weight)
        return {m.name: m.result() for m in self.metrics}
'''

FIT_COMPUTE_METRICS = '''
class FitLikeModel(keras.Model):
    def train_step(self, data):
        if isinstance(data, tuple) and len(data) == 3:
            x, y, sw = data
        else:
            (x, y), sw = data, None
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sw)
        variables = self.trainable_variables
        self.optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
        return self.compute_metrics(x, y, y_pred, sample_weight=sw)
'''

# --------------------------------------------------------------------------- PositiveRateModel
POS = '''
class PositiveRateModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.positive_rate = keras.metrics.Mean(name="positive_rate")

    def test_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=TRAINING)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=LOSS_SW)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            elif metric.name == "positive_rate":
                metric.update_state(tf.cast(POSITIVE, "float32"))
            else:
                metric.update_state(y, y_pred, sample_weight=sample_weight)
        return {m.name: m.result() for m in self.metrics}
'''
POS_OK = dict(TRAINING="False", LOSS_SW="sample_weight", POSITIVE="y_pred > 0")


def pos(**changes):
    source = POS
    for key, value in {**POS_OK, **changes}.items():
        source = source.replace(key, value)
    return source


POS_GENERIC_LOOP = '''
class PositiveRateModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.positive_rate = keras.metrics.Mean(name="positive_rate")

    def test_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}
'''

POS_SEPARATE = '''
class PositiveRateModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rate_tracker = keras.metrics.Mean(name="positive_rate")

    def test_step(self, data):
        x, y, sw = keras.utils.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sw)
        self.rate_tracker.update_state(keras.ops.cast(keras.ops.sigmoid(y_pred) > 0.5, "float32"))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            elif metric is not self.rate_tracker:
                metric.update_state(y, y_pred, sample_weight=sw)
        return {m.name: m.result() for m in self.metrics}
'''

# --------------------------------------------------------------------------- three_apis
THREE = '''
def build_sequential(n_features, n_classes):
    return keras.Sequential([
        keras.Input(shape=(N_FEATURES,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(8, activation="relu"),
        layers.Dense(n_classes, activation=SEQ_OUT),
    ])


def build_functional(n_features, n_classes):
    inputs = keras.Input(shape=(n_features,))
    h = layers.Dense(16, activation="relu")(inputs)
    h = layers.Dense(8, activation=FUNC_ACT)(h)
    return keras.Model(inputs, layers.Dense(n_classes)(h))


class SubclassedMLP(keras.Model):
    def __init__(self, n_classes, **kwargs):
        super().__init__(**kwargs)
        self.d1 = layers.Dense(SUB_FIRST, activation="relu")
        self.d2 = layers.Dense(SUB_SECOND, activation="relu")
        self.d3 = layers.Dense(n_classes)

    def call(self, x):
        return self.d3(self.d2(self.d1(x)))


def build_subclassed(n_features, n_classes):
    model = SubclassedMLP(n_classes)
    BUILD
    return model
'''
THREE_OK = dict(N_FEATURES="n_features", SEQ_OUT="None", FUNC_ACT='"relu"', SUB_FIRST="16", SUB_SECOND="8",
                BUILD='model(np.zeros((1, n_features), dtype="float32"))')


def three(**changes):
    source = THREE
    for key, value in {**THREE_OK, **changes}.items():
        source = source.replace(key, value)
    return source


THREE_ALT = '''
def build_sequential(n_features, n_classes):
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_features,)))
    for units in (16, 8):
        model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(n_classes))
    return model


def build_functional(n_features, n_classes):
    x = inputs = keras.Input(shape=(n_features,))
    for units in (16, 8):
        x = layers.Dense(units, activation="relu")(x)
    return keras.Model(inputs=inputs, outputs=layers.Dense(n_classes)(x))


class SubclassedMLP(keras.Model):
    def __init__(self, n_classes, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [layers.Dense(16, activation="relu"), layers.Dense(8, activation="relu"), layers.Dense(n_classes)]

    def build(self, input_shape):
        shape = input_shape
        for block in self.blocks:
            block.build(shape)
            shape = block.compute_output_shape(shape)

    def call(self, x, training=False):
        for block in self.blocks:
            x = block(x)
        return x


def build_subclassed(n_features, n_classes):
    model = SubclassedMLP(n_classes)
    model.build((None, n_features))
    return model
'''

ANSWERS = {
    "mlp_param_count": {
        "wrong": {
            "no biases": "def mlp_param_count(n_inputs, hidden, n_outputs):\n"
                         "    sizes = [n_inputs, *hidden, n_outputs]\n"
                         "    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))",
            "bias sized by the layer's input": "def mlp_param_count(n_inputs, hidden, n_outputs):\n"
                                               "    sizes = [n_inputs, *hidden, n_outputs]\n"
                                               "    return sum(a * b + a for a, b in zip(sizes[:-1], sizes[1:]))",
            "output layer forgotten": "def mlp_param_count(n_inputs, hidden, n_outputs):\n"
                                      "    sizes = [n_inputs, *hidden]\n"
                                      "    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))",
            "returns a float": "def mlp_param_count(n_inputs, hidden, n_outputs):\n"
                               "    sizes = [n_inputs, *hidden, n_outputs]\n"
                               "    return float(sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])))",
            "hard-coded visible example": "def mlp_param_count(n_inputs, hidden, n_outputs):\n    return 67",
            "appends to hidden": "def mlp_param_count(n_inputs, hidden, n_outputs):\n"
                                 "    sizes = list(hidden) if isinstance(hidden, tuple) else hidden\n"
                                 "    sizes.insert(0, n_inputs)\n    sizes.append(n_outputs)\n"
                                 "    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))",
            "list concatenation (fails for a tuple)": "def mlp_param_count(n_inputs, hidden, n_outputs):\n"
                                                      "    sizes = [n_inputs] + hidden + [n_outputs]\n"
                                                      "    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))",
        },
        "right": {
            "zip with slices": MLP_RIGHT,
            "loop": "def mlp_param_count(n_inputs, hidden, n_outputs):\n    total, prev = 0, n_inputs\n"
                    "    for units in list(hidden) + [n_outputs]:\n        total += (prev + 1) * units\n"
                    "        prev = units\n    return total",
            "build a Keras model and count": "def mlp_param_count(n_inputs, hidden, n_outputs):\n"
                                             "    model = keras.Sequential([keras.Input((n_inputs,))] + "
                                             "[layers.Dense(h) for h in hidden] + [layers.Dense(n_outputs)])\n"
                                             "    return model.count_params()",
        },
    },
    "two_in_two_out": {
        "wrong": {
            "output layer named rating_head": two(RATING_NAME='"rating_head"'),
            "softmax on the category logits": two(CAT_ACT=', activation="softmax"'),
            "outputs in the wrong order": two(OUTPUTS="[category, rating]"),
            "user features concatenated first": two(MERGE="[user, text]"),
            "input named text": two(TEXT_NAME='"text"'),
            "hidden layer without relu": two(HIDDEN_ACT="None"),
            "outputs as a dict": two(OUTPUTS='{"rating": rating, "category": category}'),
        },
        "right": {
            "as specified": two(),
            "concatenate function and explicit linear activation": two(CAT_ACT=', activation="linear"').replace(
                "layers.Concatenate()([text, user])", "layers.concatenate([text, user], axis=-1)"),
        },
    },
    "residual_block": {
        "wrong": {
            "no shortcut": res(finish='layers.Activation("relu")(f)'),
            "no final relu": res(finish="layers.Add()([shortcut, f])"),
            "concatenate instead of add": res(finish='layers.Activation("relu")(layers.Concatenate()([shortcut, f]))'),
            "projection with a bias": res(shortcut="x if x.shape[-1] == units else layers.Dense(units)(x)"),
            "always projects": res(shortcut="layers.Dense(units, use_bias=False)(x)"),
            "projection with a relu": res(
                shortcut='x if x.shape[-1] == units else layers.Dense(units, use_bias=False, activation="relu")(x)'),
            "relu on f before the add": res(finish='layers.Add()([shortcut, layers.Activation("relu")(f)])'),
        },
        "right": {
            "ReLU layer": res(finish="layers.ReLU()(layers.Add()([f, shortcut]))"),
            "if statement": RES.replace("    shortcut = SHORTCUT\n",
                                        "    shortcut = x\n    if x.shape[-1] != units:\n"
                                        "        shortcut = layers.Dense(units, use_bias=False)(x)\n").replace(
                "FINISH", RES_FINISH),
        },
    },
    "shared_encoder_model": {
        "wrong": {
            "two separate encoders": shared(
                MERGE="layers.Concatenate()([encoder(left), layers.Dense(units, activation='relu')(right)])"),
            "returns a layer that is not in the model": shared(RETURN="keras.Model([left, right], same), layers.Dense(units)"),
            "add instead of concatenate": shared(MERGE="layers.Add()([encoder(left), encoder(right)])"),
            "encoder without relu": shared(ACT="None"),
            "right encoding first": shared(MERGE="layers.Concatenate()([encoder(right), encoder(left)])"),
            "returns only the model": shared(RETURN="keras.Model([left, right], same)"),
        },
        "right": {
            "as specified": shared(),
            "concatenate function, inputs first": '''
def shared_encoder_model(n_features, units):
    left = keras.Input(shape=(n_features,), name="left")
    right = keras.Input(shape=(n_features,), name="right")
    encoder = layers.Dense(units, activation="relu", name="shared_encoder")
    codes = [encoder(t) for t in (left, right)]
    model = keras.Model(inputs=[left, right], outputs=layers.Dense(1, name="same")(layers.concatenate(codes)))
    return (model, encoder)
''',
        },
    },
    "FitLikeModel": {
        "wrong": {
            "forward pass without training=True": fit(FORWARD="self(x)"),
            "sample weights left out of the loss": fit(LOSS_SW="None"),
            "sample weights left out of the metrics": fit(METRIC_SW="None"),
            "returns only the last batch's loss": fit(RETURN='{"loss": loss}'),
            "old compiled_loss / compiled_metrics": FIT_OLD_STYLE,
            "gradient ascent": fit(APPLY="self.optimizer.apply([-g for g in grads], self.trainable_weights)"),
        },
        "right": {
            "as specified": fit(),
            "apply_gradients and compute_metrics": FIT_COMPUTE_METRICS,
        },
    },
    "PositiveRateModel": {
        "wrong": {
            "training=True in test_step": pos(TRAINING="True"),
            "threshold 0.5 on the logits": pos(POSITIVE="y_pred > 0.5"),
            "positives counted in the labels": pos(POSITIVE="y > 0.5"),
            "sample weights left out of the loss": pos(LOSS_SW="None"),
            "positive_rate fed like the compile metrics": POS_GENERIC_LOOP,
            "positive_rate weighted by the sample weights": pos().replace(
                'tf.cast(y_pred > 0, "float32"))', 'tf.cast(y_pred > 0, "float32"), sample_weight=sample_weight)'),
        },
        "right": {
            "as specified": pos(),
            "sigmoid > 0.5, separate update": POS_SEPARATE,
        },
    },
    "three_apis": {
        "wrong": {
            "subclass built with model.build only": three(BUILD="model.build((None, n_features))"),
            "functional second layer without relu": three(FUNC_ACT="None"),
            "softmax output in Sequential": three(SEQ_OUT='"softmax"'),
            "subclass layer sizes swapped": three(SUB_FIRST="8", SUB_SECOND="16"),
            "Sequential input size hard-coded": three(N_FEATURES="4"),
            "subclass never called": three(BUILD="pass"),
        },
        "right": {
            "as specified": three(),
            "loops, .add and an explicit build": THREE_ALT,
        },
    },
}
