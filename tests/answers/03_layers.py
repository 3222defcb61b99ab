"""Wrong and alternative answers for 03_layers (see README.md)."""

# ----------------------------------------------------------------------------- param_counts
_DENSE = "def dense_params(n_in, units, use_bias=True):\n    return n_in * units + (units if use_bias else 0)\n"
_CONV = (
    "def conv2d_params(kh, kw, in_channels, filters, use_bias=True):\n"
    "    return (kh * kw * in_channels + (1 if use_bias else 0)) * filters\n"
)
_LSTM = "def lstm_params(input_dim, units):\n    return 4 * (units * (units + input_dim) + units)\n"
_GRU = "def gru_params(input_dim, units):\n    return 3 * (units * (units + input_dim) + 2 * units)\n"


def _counts(dense=_DENSE, conv=_CONV, lstm=_LSTM, gru=_GRU):
    return "\n\n".join([dense, conv, lstm, gru])


# ----------------------------------------------------------------------------- conv_stack_shape
_STACK = '''import math


def conv_stack_shape(input_shape, layers):
    height, width, channels = input_shape
    for spec in layers:
        k = spec["kernel"] if spec["type"] == "conv" else spec["size"]
        s = spec["stride"]
        if spec["padding"] == "same":
            height, width = {same_h}, {same_w}
        else:
            height, width = {valid_h}, {valid_w}
        if spec["type"] == "conv":
            channels = {channels}
    return {result}
'''


def _stack(same_h="math.ceil(height / s)", same_w="math.ceil(width / s)", valid_h="(height - k) // s + 1",
           valid_w="(width - k) // s + 1", channels='spec["filters"]', result="(height, width, channels)"):
    return _STACK.format(same_h=same_h, same_w=same_w, valid_h=valid_h, valid_w=valid_w, channels=channels,
                         result=result)


# ----------------------------------------------------------------------------- rnn_output_shapes
_RNN = '''def rnn_output_shapes(kind, batch, timesteps, features, units, return_sequences=False, return_state=False):
    output = {output}
    if not return_state:
        return {single}
    n_states = {n_states}
    return [output] + [{state}] * n_states
'''


def _rnn(output="(batch, timesteps, units) if return_sequences else (batch, units)", single="[output]",
         n_states='2 if kind == "lstm" else 1', state="(batch, units)"):
    return _RNN.format(output=output, single=single, n_states=n_states, state=state)


# ----------------------------------------------------------------------------- apply_dropout
def _dropout(train="x * mask / (1.0 - rate)", infer="x"):
    return f"def apply_dropout(x, mask, rate, training):\n    if training:\n        return {train}\n    return {infer}\n"


# ----------------------------------------------------------------------------- batchnorm_inference
def _bn(body):
    return (
        "def batchnorm_inference(x, gamma, beta, moving_mean, moving_variance, epsilon=1e-3):\n"
        f"    return {body}\n"
    )


# ----------------------------------------------------------------------------- scale_shift
_LAYER = '''class ScaleShift(keras.layers.Layer):
    def build(self, input_shape):
        features = input_shape[-1]
        self.scale = {scale}
        self.shift = {shift}

    def call(self, inputs):
        return {call}
'''
_SCALE = 'self.add_weight(shape=(features,), initializer="ones", name="scale")'
_SHIFT = 'self.add_weight(shape=(features,), initializer="zeros", name="shift")'


def _layer(scale=_SCALE, shift=_SHIFT, call="inputs * self.scale + self.shift"):
    return _LAYER.format(scale=scale, shift=shift, call=call)


ANSWERS = {
    "dense_forward": {
        "wrong": {
            "no activation": "def dense_forward(x, kernel, bias):\n    return tf.matmul(x, kernel) + bias",
            "no bias": "def dense_forward(x, kernel, bias):\n    return tf.nn.relu(tf.matmul(x, kernel))",
            "sigmoid instead of relu": "def dense_forward(x, kernel, bias):\n    return tf.sigmoid(tf.matmul(x, kernel) + bias)",
            "transposed kernel": (
                "def dense_forward(x, kernel, bias):\n"
                "    return tf.nn.relu(tf.matmul(x, tf.transpose(kernel)) + bias)"
            ),
            "kernel times x": (
                "def dense_forward(x, kernel, bias):\n"
                "    return tf.nn.relu(tf.matmul(tf.transpose(kernel), tf.transpose(x)) + bias[:, None])"
            ),
            "NumPy instead of a tensor": (
                "def dense_forward(x, kernel, bias):\n"
                "    return np.maximum(x.numpy() @ kernel.numpy() + bias.numpy(), 0.0)"
            ),
            "always float32": (
                "def dense_forward(x, kernel, bias):\n"
                "    x, kernel, bias = (tf.cast(t, tf.float32) for t in (x, kernel, bias))\n"
                "    return tf.nn.relu(tf.matmul(x, kernel) + bias)"
            ),
            "leaky relu": (
                "def dense_forward(x, kernel, bias):\n"
                "    return tf.nn.leaky_relu(tf.matmul(x, kernel) + bias, alpha=0.1)"
            ),
        },
        "right": {
            "@ and tf.maximum": "def dense_forward(x, kernel, bias):\n    return tf.maximum(x @ kernel + bias, 0)",
            "keras.ops": (
                "def dense_forward(x, kernel, bias):\n"
                "    return keras.ops.relu(keras.ops.add(keras.ops.matmul(x, kernel), bias))"
            ),
            "einsum": (
                "def dense_forward(x, kernel, bias):\n"
                "    return tf.nn.relu(tf.einsum('bi,iu->bu', x, kernel) + bias)"
            ),
        },
    },
    "param_counts": {
        "wrong": {
            "Dense without the bias": _counts(dense="def dense_params(n_in, units, use_bias=True):\n    return n_in * units\n"),
            "Dense ignores use_bias": _counts(dense="def dense_params(n_in, units, use_bias=True):\n    return n_in * units + units\n"),
            "Conv2D forgets the input channels": _counts(
                conv="def conv2d_params(kh, kw, in_channels, filters, use_bias=True):\n    return (kh * kw + 1) * filters\n"
            ),
            "Conv2D with a bias per input channel": _counts(
                conv="def conv2d_params(kh, kw, in_channels, filters, use_bias=True):\n"
                "    return (kh * kw + (1 if use_bias else 0)) * in_channels * filters\n"
            ),
            "Conv2D ignores use_bias": _counts(
                conv="def conv2d_params(kh, kw, in_channels, filters, use_bias=True):\n    return (kh * kw * in_channels + 1) * filters\n"
            ),
            "LSTM with 3 gates": _counts(lstm="def lstm_params(input_dim, units):\n    return 3 * (units * (units + input_dim) + units)\n"),
            "LSTM without the recurrent kernel": _counts(
                lstm="def lstm_params(input_dim, units):\n    return 4 * (units * input_dim + units)\n"
            ),
            "GRU with reset_after=False": _counts(gru="def gru_params(input_dim, units):\n    return 3 * (units * (units + input_dim) + units)\n"),
            "GRU with 4 gates": _counts(gru="def gru_params(input_dim, units):\n    return 4 * (units * (units + input_dim) + 2 * units)\n"),
            "visible examples hard-coded": _counts(
                dense="def dense_params(n_in, units, use_bias=True):\n    return 50240\n",
                conv="def conv2d_params(kh, kw, in_channels, filters, use_bias=True):\n    return 80\n",
                lstm="def lstm_params(input_dim, units):\n    return 1280\n",
                gru="def gru_params(input_dim, units):\n    return 1008\n",
            ),
            "counts as floats": _counts(
                lstm="def lstm_params(input_dim, units):\n    return 4.0 * (units * (units + input_dim) + units)\n"
            ),
        },
        "right": {
            "factored formulas": _counts(
                dense="def dense_params(n_in, units, use_bias=True):\n    return (n_in + int(use_bias)) * units\n",
                conv="def conv2d_params(kh, kw, in_channels, filters, use_bias=True):\n"
                "    return kh * kw * in_channels * filters + int(use_bias) * filters\n",
                lstm="def lstm_params(input_dim, units):\n    return 4 * units * (units + input_dim + 1)\n",
                gru="def gru_params(input_dim, units):\n    return 3 * units * (units + input_dim + 2)\n",
            ),
            "built Keras layers": (
                "def dense_params(n_in, units, use_bias=True):\n"
                "    layer = keras.layers.Dense(units, use_bias=use_bias)\n"
                "    layer.build((None, n_in))\n"
                "    return layer.count_params()\n\n\n"
                "def conv2d_params(kh, kw, in_channels, filters, use_bias=True):\n"
                "    layer = keras.layers.Conv2D(filters, (kh, kw), use_bias=use_bias)\n"
                "    layer.build((None, kh, kw, in_channels))\n"
                "    return layer.count_params()\n\n\n"
                "def lstm_params(input_dim, units):\n"
                "    layer = keras.layers.LSTM(units)\n"
                "    layer.build((None, 1, input_dim))\n"
                "    return layer.count_params()\n\n\n"
                "def gru_params(input_dim, units):\n"
                "    layer = keras.layers.GRU(units)\n"
                "    layer.build((None, 1, input_dim))\n"
                "    return layer.count_params()\n"
            ),
        },
    },
    "conv_stack_shape": {
        "wrong": {
            "same padding ignores the stride": _stack(same_h="height", same_w="width"),
            "same padding rounds down": _stack(same_h="height // s", same_w="width // s"),
            "valid padding without + 1": _stack(valid_h="(height - k) // s", valid_w="(width - k) // s"),
            "valid padding ignores the stride": _stack(valid_h="height - k + 1", valid_w="width - k + 1"),
            "conv keeps the channels": _stack(channels="channels"),
            "a list instead of a tuple": _stack(result="[height, width, channels]"),
            "height used for both axes": _stack(same_w="math.ceil(height / s)", valid_w="(height - k) // s + 1"),
            "empties the layers list": (
                "def conv_stack_shape(input_shape, layers):\n"
                "    height, width, channels = input_shape\n"
                "    while layers:\n"
                "        spec = layers.pop(0)\n"
                "        k = spec['kernel'] if spec['type'] == 'conv' else spec['size']\n"
                "        s = spec['stride']\n"
                "        if spec['padding'] == 'same':\n"
                "            height, width = -(-height // s), -(-width // s)\n"
                "        else:\n"
                "            height, width = (height - k) // s + 1, (width - k) // s + 1\n"
                "        if spec['type'] == 'conv':\n"
                "            channels = spec['filters']\n"
                "    return (height, width, channels)\n"
            ),
            "visible example hard-coded": "def conv_stack_shape(input_shape, layers):\n    return (7, 7, 32)\n",
        },
        "right": {
            "math.ceil / math.floor": _stack(valid_h="math.floor((height - k) / s) + 1", valid_w="math.floor((width - k) / s) + 1"),
            "Keras compute_output_shape": (
                "def conv_stack_shape(input_shape, layers):\n"
                "    shape = (None, *input_shape)\n"
                "    for spec in layers:\n"
                "        if spec['type'] == 'conv':\n"
                "            layer = keras.layers.Conv2D(spec['filters'], spec['kernel'], strides=spec['stride'],\n"
                "                                        padding=spec['padding'])\n"
                "        else:\n"
                "            layer = keras.layers.MaxPooling2D(spec['size'], strides=spec['stride'], padding=spec['padding'])\n"
                "        shape = layer.compute_output_shape(shape)\n"
                "    return tuple(int(d) for d in shape[1:])\n"
            ),
        },
    },
    "rnn_output_shapes": {
        "wrong": {
            "two states for a GRU too": _rnn(n_states="2"),
            "one state for an LSTM too": _rnn(n_states="1"),
            "return_sequences ignored": _rnn(output="(batch, units)"),
            "states per time step": _rnn(state="output"),
            "features instead of units": _rnn(output="(batch, timesteps, features) if return_sequences else (batch, features)"),
            "a bare tuple without states": _rnn(single="output"),
            "visible example hard-coded": (
                "def rnn_output_shapes(kind, batch, timesteps, features, units, return_sequences=False, return_state=False):\n"
                "    return [(2, 5, 4), (2, 4), (2, 4)]\n"
            ),
        },
        "right": {
            "list built step by step": (
                "def rnn_output_shapes(kind, batch, timesteps, features, units, return_sequences=False, return_state=False):\n"
                "    shapes = [(batch, timesteps, units)] if return_sequences else [(batch, units)]\n"
                "    if return_state:\n"
                "        shapes.append((batch, units))\n"
                "        if kind.lower() == 'lstm':\n"
                "            shapes.append((batch, units))\n"
                "    return shapes\n"
            ),
            "ask Keras": (
                "def rnn_output_shapes(kind, batch, timesteps, features, units, return_sequences=False, return_state=False):\n"
                "    layer = {'lstm': keras.layers.LSTM, 'gru': keras.layers.GRU}[kind](\n"
                "        units, return_sequences=return_sequences, return_state=return_state)\n"
                "    out = layer(np.zeros((batch, timesteps, features), dtype='float32'))\n"
                "    out = out if return_state else [out]\n"
                "    return [tuple(int(d) for d in t.shape) for t in out]\n"
            ),
        },
    },
    "apply_dropout": {
        "wrong": {
            "no scaling": _dropout(train="x * mask"),
            "scaled by 1 / rate": _dropout(train="x * mask / rate"),
            "scaled by 1 - rate": _dropout(train="x * mask * (1.0 - rate)"),
            "mask applied at inference too": _dropout(infer="x * mask"),
            "old-style dropout: scaling at inference": _dropout(train="x * mask", infer="x * (1.0 - rate)"),
            "mask read the wrong way round": _dropout(train="x * (1.0 - mask) / (1.0 - rate)"),
            "NumPy instead of a tensor": _dropout(train="x.numpy() * mask.numpy() / (1.0 - rate)", infer="x.numpy()"),
        },
        "right": {
            "tf.where": _dropout(train="tf.where(mask > 0, x / (1.0 - rate), tf.zeros_like(x))", infer="tf.identity(x)"),
            "keras.ops": _dropout(train="keras.ops.divide(keras.ops.multiply(x, mask), 1.0 - rate)"),
        },
    },
    "batchnorm_inference": {
        "wrong": {
            "batch statistics": (
                "def batchnorm_inference(x, gamma, beta, moving_mean, moving_variance, epsilon=1e-3):\n"
                "    mean, var = tf.nn.moments(x, axes=[0])\n"
                "    return gamma * (x - mean) / tf.sqrt(var + epsilon) + beta\n"
            ),
            "epsilon outside the square root": _bn("gamma * (x - moving_mean) / (tf.sqrt(moving_variance) + epsilon) + beta"),
            "no epsilon": _bn("gamma * (x - moving_mean) / tf.sqrt(moving_variance) + beta"),
            "divides by the variance": _bn("gamma * (x - moving_mean) / (moving_variance + epsilon) + beta"),
            "gamma and beta swapped": _bn("beta * (x - moving_mean) / tf.sqrt(moving_variance + epsilon) + gamma"),
            "shift before scale": _bn("gamma * ((x - moving_mean) / tf.sqrt(moving_variance + epsilon) + beta)"),
            "PyTorch's default epsilon (1e-5)": (
                "def batchnorm_inference(x, gamma, beta, moving_mean, moving_variance, epsilon=1e-5):\n"
                "    return gamma * (x - moving_mean) / tf.sqrt(moving_variance + epsilon) + beta\n"
            ),
        },
        "right": {
            "tf.nn.batch_normalization": _bn("tf.nn.batch_normalization(x, moving_mean, moving_variance, beta, gamma, epsilon)"),
            "rsqrt": _bn("(x - moving_mean) * tf.math.rsqrt(moving_variance + epsilon) * gamma + beta"),
        },
    },
    "scale_shift": {
        "wrong": {
            "weights not trainable": _layer(
                scale='self.add_weight(shape=(features,), initializer="ones", trainable=False)',
                shift='self.add_weight(shape=(features,), initializer="zeros", trainable=False)',
            ),
            "scalar scale and shift": _layer(
                scale='self.add_weight(shape=(), initializer="ones")',
                shift='self.add_weight(shape=(), initializer="zeros")',
            ),
            "shift starts at ones": _layer(shift='self.add_weight(shape=(features,), initializer="ones")'),
            "random initial scale": _layer(scale='self.add_weight(shape=(features,), initializer="random_normal")'),
            "constants instead of weights": _layer(
                scale="tf.ones((features,))",
                shift="tf.zeros((features,))",
            ),
            "gradient stopped": _layer(call="tf.stop_gradient(inputs * self.scale) + self.shift"),
            "shift multiplied too": _layer(call="(inputs + self.shift) * self.scale"),
            "width hard-coded to 3": _layer(
                scale='self.add_weight(shape=(3,), initializer="ones")',
                shift='self.add_weight(shape=(3,), initializer="zeros")',
            ),
        },
        "right": {
            "initializer objects and keras.ops": _layer(
                scale="self.add_weight(shape=(features,), initializer=keras.initializers.Ones(), trainable=True)",
                shift="self.add_weight(shape=(features,), initializer=keras.initializers.Zeros(), trainable=True)",
                call="keras.ops.add(keras.ops.multiply(inputs, self.scale), self.shift)",
            ),
            "with __init__ and shapes from input_shape[-1:]": (
                "class ScaleShift(keras.layers.Layer):\n"
                "    def __init__(self, **kwargs):\n"
                "        super().__init__(**kwargs)\n\n"
                "    def build(self, input_shape):\n"
                "        self.scale = self.add_weight(shape=tuple(input_shape[-1:]), initializer='ones', name='scale')\n"
                "        self.shift = self.add_weight(shape=tuple(input_shape[-1:]), initializer='zeros', name='shift')\n\n"
                "    def call(self, inputs):\n"
                "        return self.shift + self.scale * inputs\n"
            ),
        },
    },
}
