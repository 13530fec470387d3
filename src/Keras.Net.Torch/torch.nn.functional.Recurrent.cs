using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Recurrent layers over src/Keras.Net.Native/src/nn_recurrent.cpp: whole sequences through libtorch's fused kernels
// (as torch.lstm / torch.gru / torch.rnn_tanh / torch.rnn_relu, which nn.LSTM, nn.GRU and nn.RNN call), and single steps.
public static partial class torch
{
    /// <summary>Neural-network building blocks, as <c>torch.nn</c>.</summary>
    public static partial class nn
    {
        /// <summary>Stateless neural-network functions, as <c>torch.nn.functional</c>.</summary>
        public static partial class functional
        {
            /// <summary>
            /// Runs a (multi-layer, optionally bidirectional) LSTM over a whole sequence, as <c>torch.lstm</c> (what nn.LSTM calls).
            /// </summary>
            /// <param name="input">(seq_len, batch, input_size), or (batch, seq_len, input_size) with <paramref name="batch_first"/>.</param>
            /// <param name="hx">Initial hidden and cell states, each (num_layers * num_directions, batch, size); null for zeros.</param>
            /// <param name="params">
            /// The weights, PyTorch's order (nn.LSTM's <c>_flat_weights</c>): for each layer, for each direction, w_ih (4*hidden, in),
            /// w_hh (4*hidden, hidden), then b_ih and b_hh (4*hidden) when <paramref name="has_biases"/>, then w_hr (proj, hidden)
            /// for projections. Gates are ordered input, forget, cell, output.
            /// </param>
            /// <param name="has_biases">Whether <paramref name="params"/> holds the biases.</param>
            /// <param name="num_layers">The number of stacked layers.</param>
            /// <param name="dropout">Dropout probability on the outputs of every layer but the last (applied when <paramref name="train"/>).</param>
            /// <param name="train">Training mode (enables the dropout).</param>
            /// <param name="bidirectional">Run each layer in both directions and concatenate the outputs.</param>
            /// <param name="batch_first">The batch is dimension 0 of input and output (the states keep the batch in dimension 1).</param>
            /// <returns>The last layer's output at every step (…, num_directions * hidden), and the final hidden and cell states.</returns>
            public static unsafe (Tensor output, Tensor h_n, Tensor c_n) lstm(Tensor input, (Tensor h0, Tensor c0)? hx, IReadOnlyList<Tensor> @params,
                bool has_biases = true, long num_layers = 1, double dropout = 0, bool train = false, bool bidirectional = false, bool batch_first = false)
            {
                const string op = "lstm";
                var p = RecurrentArguments(op, input, @params, has_biases, num_layers, dropout, bidirectional, batch_first, gates: 4, projections: true);
                var h0 = hx?.h0;
                var c0 = hx?.c0;
                Tensor? zeroH = null, zeroC = null;
                // h has the projected size when there are projections (w_hh's width); c always has hidden_size.
                long[] hShape = [num_layers * (bidirectional ? 2 : 1), input.size(batch_first ? 0 : 1), @params[1].size(1)];
                long[] cShape = [hShape[0], hShape[1], @params[1].size(0) / 4];
                if (hx is null)
                {
                    h0 = zeroH = torch.zeros(hShape, input.dtype, input.device); // nn.LSTM's default
                    c0 = zeroC = torch.zeros(cShape, input.dtype, input.device);
                }
                else
                {
                    CheckState(op, "h0", h0!, hShape);
                    CheckState(op, "c0", c0!, cShape);
                }
                IntPtr output, hN, cN;
                int status;
                fixed (IntPtr* pp = p)
                    status = NativeMethods.kn_nn_lstm(input.Handle, h0!.Handle, c0!.Handle, pp, p.Length, has_biases ? 1 : 0, num_layers, dropout,
                        train ? 1 : 0, bidirectional ? 1 : 0, batch_first ? 1 : 0, &output, &hN, &cN);
                GC.KeepAlive(@params);
                Tensor.Check(status, op, input, h0, c0);
                zeroH?.Dispose();
                zeroC?.Dispose();
                return (new Tensor(output), new Tensor(hN), new Tensor(cN));
            }

            /// <summary>Runs a (multi-layer, optionally bidirectional) GRU over a whole sequence, as <c>torch.gru</c> (what nn.GRU calls).</summary>
            /// <param name="input">(seq_len, batch, input_size), or (batch, seq_len, input_size) with <paramref name="batch_first"/>.</param>
            /// <param name="hx">Initial hidden state (num_layers * num_directions, batch, hidden); null for zeros.</param>
            /// <param name="params">
            /// The weights, PyTorch's order: for each layer, for each direction, w_ih (3*hidden, in), w_hh (3*hidden, hidden), then b_ih and
            /// b_hh (3*hidden) when <paramref name="has_biases"/>. Gates are ordered reset, update, new.
            /// </param>
            /// <param name="has_biases">Whether <paramref name="params"/> holds the biases.</param>
            /// <param name="num_layers">The number of stacked layers.</param>
            /// <param name="dropout">Dropout probability on the outputs of every layer but the last (applied when <paramref name="train"/>).</param>
            /// <param name="train">Training mode (enables the dropout).</param>
            /// <param name="bidirectional">Run each layer in both directions and concatenate the outputs.</param>
            /// <param name="batch_first">The batch is dimension 0 of input and output (the state keeps the batch in dimension 1).</param>
            /// <returns>The last layer's output at every step, and the final hidden state.</returns>
            public static unsafe (Tensor output, Tensor h_n) gru(Tensor input, Tensor? hx, IReadOnlyList<Tensor> @params, bool has_biases = true,
                long num_layers = 1, double dropout = 0, bool train = false, bool bidirectional = false, bool batch_first = false) =>
                Rnn(&NativeMethods.kn_nn_gru, "gru", 3, input, hx, @params, has_biases, num_layers, dropout, train, bidirectional, batch_first);

            /// <summary>Runs an Elman RNN with tanh over a whole sequence, as <c>torch.rnn_tanh</c> (nn.RNN's default).</summary>
            /// <param name="input">(seq_len, batch, input_size), or (batch, seq_len, input_size) with <paramref name="batch_first"/>.</param>
            /// <param name="hx">Initial hidden state (num_layers * num_directions, batch, hidden); null for zeros.</param>
            /// <param name="params">The weights, PyTorch's order: for each layer, for each direction, w_ih, w_hh, then b_ih, b_hh when <paramref name="has_biases"/>.</param>
            /// <param name="has_biases">Whether <paramref name="params"/> holds the biases.</param>
            /// <param name="num_layers">The number of stacked layers.</param>
            /// <param name="dropout">Dropout probability on the outputs of every layer but the last (applied when <paramref name="train"/>).</param>
            /// <param name="train">Training mode (enables the dropout).</param>
            /// <param name="bidirectional">Run each layer in both directions and concatenate the outputs.</param>
            /// <param name="batch_first">The batch is dimension 0 of input and output.</param>
            /// <returns>The last layer's output at every step, and the final hidden state.</returns>
            public static unsafe (Tensor output, Tensor h_n) rnn_tanh(Tensor input, Tensor? hx, IReadOnlyList<Tensor> @params, bool has_biases = true,
                long num_layers = 1, double dropout = 0, bool train = false, bool bidirectional = false, bool batch_first = false) =>
                Rnn(&NativeMethods.kn_nn_rnn_tanh, "rnn_tanh", 1, input, hx, @params, has_biases, num_layers, dropout, train, bidirectional, batch_first);

            /// <summary>Runs an Elman RNN with ReLU over a whole sequence, as <c>torch.rnn_relu</c> (nn.RNN with nonlinearity='relu').</summary>
            /// <param name="input">(seq_len, batch, input_size), or (batch, seq_len, input_size) with <paramref name="batch_first"/>.</param>
            /// <param name="hx">Initial hidden state (num_layers * num_directions, batch, hidden); null for zeros.</param>
            /// <param name="params">The weights, PyTorch's order: for each layer, for each direction, w_ih, w_hh, then b_ih, b_hh when <paramref name="has_biases"/>.</param>
            /// <param name="has_biases">Whether <paramref name="params"/> holds the biases.</param>
            /// <param name="num_layers">The number of stacked layers.</param>
            /// <param name="dropout">Dropout probability on the outputs of every layer but the last (applied when <paramref name="train"/>).</param>
            /// <param name="train">Training mode (enables the dropout).</param>
            /// <param name="bidirectional">Run each layer in both directions and concatenate the outputs.</param>
            /// <param name="batch_first">The batch is dimension 0 of input and output.</param>
            /// <returns>The last layer's output at every step, and the final hidden state.</returns>
            public static unsafe (Tensor output, Tensor h_n) rnn_relu(Tensor input, Tensor? hx, IReadOnlyList<Tensor> @params, bool has_biases = true,
                long num_layers = 1, double dropout = 0, bool train = false, bool bidirectional = false, bool batch_first = false) =>
                Rnn(&NativeMethods.kn_nn_rnn_relu, "rnn_relu", 1, input, hx, @params, has_biases, num_layers, dropout, train, bidirectional, batch_first);

            /// <summary>One LSTM step, as <c>torch.lstm_cell</c> (what nn.LSTMCell calls).</summary>
            /// <param name="input">(batch, input_size).</param>
            /// <param name="hx">The previous hidden and cell states, each (batch, hidden); null for zeros.</param>
            /// <param name="w_ih">(4*hidden, input_size), gates ordered input, forget, cell, output.</param>
            /// <param name="w_hh">(4*hidden, hidden).</param>
            /// <param name="b_ih">(4*hidden), or null.</param>
            /// <param name="b_hh">(4*hidden), or null.</param>
            /// <returns>The next hidden and cell states.</returns>
            public static unsafe (Tensor h, Tensor c) lstm_cell(Tensor input, (Tensor h, Tensor c)? hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih = null, Tensor? b_hh = null)
            {
                const string op = "lstm_cell";
                CellArguments(op, input, w_ih, w_hh);
                var h = hx?.h;
                var c = hx?.c;
                Tensor? zeroH = null, zeroC = null;
                if (hx is null)
                {
                    var batch = input.size(0);
                    h = zeroH = torch.zeros([batch, w_hh.size(1)], input.dtype, input.device);
                    c = zeroC = torch.zeros([batch, w_hh.size(0) / 4], input.dtype, input.device);
                }
                IntPtr hOut, cOut;
                var status = NativeMethods.kn_nn_lstm_cell(input.Handle, h!.Handle, c!.Handle, w_ih.Handle, w_hh.Handle,
                    Tensor.HandleOrZero(b_ih), Tensor.HandleOrZero(b_hh), &hOut, &cOut);
                GC.KeepAlive(w_ih);
                GC.KeepAlive(w_hh);
                GC.KeepAlive(b_ih);
                GC.KeepAlive(b_hh);
                Tensor.Check(status, op, input, h, c);
                zeroH?.Dispose();
                zeroC?.Dispose();
                return (new Tensor(hOut), new Tensor(cOut));
            }

            /// <summary>One GRU step, as <c>torch.gru_cell</c> (what nn.GRUCell calls).</summary>
            /// <param name="input">(batch, input_size).</param>
            /// <param name="hx">The previous hidden state (batch, hidden); null for zeros.</param>
            /// <param name="w_ih">(3*hidden, input_size), gates ordered reset, update, new.</param>
            /// <param name="w_hh">(3*hidden, hidden).</param>
            /// <param name="b_ih">(3*hidden), or null.</param>
            /// <param name="b_hh">(3*hidden), or null.</param>
            /// <returns>The next hidden state.</returns>
            public static unsafe Tensor gru_cell(Tensor input, Tensor? hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih = null, Tensor? b_hh = null) =>
                Cell(&NativeMethods.kn_nn_gru_cell, "gru_cell", input, hx, w_ih, w_hh, b_ih, b_hh);

            /// <summary>One Elman RNN step with tanh, as <c>torch.rnn_tanh_cell</c> (what nn.RNNCell calls).</summary>
            /// <param name="input">(batch, input_size).</param>
            /// <param name="hx">The previous hidden state (batch, hidden); null for zeros.</param>
            /// <param name="w_ih">(hidden, input_size).</param>
            /// <param name="w_hh">(hidden, hidden).</param>
            /// <param name="b_ih">(hidden), or null.</param>
            /// <param name="b_hh">(hidden), or null.</param>
            /// <returns>The next hidden state: tanh(x w_ih^T + b_ih + h w_hh^T + b_hh).</returns>
            public static unsafe Tensor rnn_tanh_cell(Tensor input, Tensor? hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih = null, Tensor? b_hh = null) =>
                Cell(&NativeMethods.kn_nn_rnn_tanh_cell, "rnn_tanh_cell", input, hx, w_ih, w_hh, b_ih, b_hh);

            /// <summary>One Elman RNN step with ReLU, as <c>torch.rnn_relu_cell</c>.</summary>
            /// <param name="input">(batch, input_size).</param>
            /// <param name="hx">The previous hidden state (batch, hidden); null for zeros.</param>
            /// <param name="w_ih">(hidden, input_size).</param>
            /// <param name="w_hh">(hidden, hidden).</param>
            /// <param name="b_ih">(hidden), or null.</param>
            /// <param name="b_hh">(hidden), or null.</param>
            /// <returns>The next hidden state: relu(x w_ih^T + b_ih + h w_hh^T + b_hh).</returns>
            public static unsafe Tensor rnn_relu_cell(Tensor input, Tensor? hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih = null, Tensor? b_hh = null) =>
                Cell(&NativeMethods.kn_nn_rnn_relu_cell, "rnn_relu_cell", input, hx, w_ih, w_hh, b_ih, b_hh);

            // ---- shared plumbing ----

            private static unsafe (Tensor output, Tensor h_n) Rnn(
                delegate*<IntPtr, IntPtr, IntPtr*, int, int, long, double, int, int, int, IntPtr*, IntPtr*, int> fn, string op, int gates,
                Tensor input, Tensor? hx, IReadOnlyList<Tensor> @params, bool has_biases, long num_layers, double dropout, bool train,
                bool bidirectional, bool batch_first)
            {
                var p = RecurrentArguments(op, input, @params, has_biases, num_layers, dropout, bidirectional, batch_first, gates, projections: false);
                Tensor? zero = null;
                long[] hShape = [num_layers * (bidirectional ? 2 : 1), input.size(batch_first ? 0 : 1), @params[1].size(1)];
                if (hx is null) hx = zero = torch.zeros(hShape, input.dtype, input.device);
                else CheckState(op, "hx", hx, hShape);
                IntPtr output, hN;
                int status;
                fixed (IntPtr* pp = p)
                    status = fn(input.Handle, hx.Handle, pp, p.Length, has_biases ? 1 : 0, num_layers, dropout, train ? 1 : 0,
                        bidirectional ? 1 : 0, batch_first ? 1 : 0, &output, &hN);
                GC.KeepAlive(@params);
                Tensor.Check(status, op, input, hx);
                zero?.Dispose();
                return (new Tensor(output), new Tensor(hN));
            }

            private static unsafe Tensor Cell(delegate*<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr> fn, string op,
                Tensor input, Tensor? hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih, Tensor? b_hh)
            {
                CellArguments(op, input, w_ih, w_hh);
                Tensor? zero = null;
                hx ??= zero = torch.zeros([input.size(0), w_hh.size(1)], input.dtype, input.device);
                var result = fn(input.Handle, hx.Handle, w_ih.Handle, w_hh.Handle, Tensor.HandleOrZero(b_ih), Tensor.HandleOrZero(b_hh));
                GC.KeepAlive(w_ih);
                GC.KeepAlive(w_hh);
                GC.KeepAlive(b_ih);
                GC.KeepAlive(b_hh);
                var next = Tensor.Wrap(result, op, input, hx);
                zero?.Dispose();
                return next;
            }

            /// <summary>Checks what libtorch would not explain well and returns the weights' handles.</summary>
            private static IntPtr[] RecurrentArguments(string op, Tensor input, IReadOnlyList<Tensor> @params, bool has_biases, long num_layers,
                double dropout, bool bidirectional, bool batch_first, int gates, bool projections)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(@params);
                if (num_layers < 1)
                    throw new ArgumentOutOfRangeException(nameof(num_layers), num_layers, $"{op}: num_layers must be at least 1; received {num_layers}.");
                if (!(dropout >= 0 && dropout <= 1))
                    throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{op}: dropout must be a probability between 0 and 1; received {dropout}.");
                var rank = input.dim();
                if (rank != 3)
                {
                    var layout = batch_first ? "(batch, seq_len, input_size)" : "(seq_len, batch, input_size)";
                    var fix = rank == 2 ? $" For a single sequence add a batch axis: input.unsqueeze({(batch_first ? 0 : 1)})." : "";
                    throw new TorchShapeException($"{op}: expected input of rank 3 {layout}; received shape {Shape.Format(input.shape)}.{fix}", op);
                }
                var directions = bidirectional ? 2 : 1;
                var perLayer = has_biases ? 4 : 2;
                var expected = num_layers * directions * perLayer;
                var withProjections = num_layers * directions * (perLayer + 1);
                if (@params.Count != expected && !(projections && @params.Count == withProjections))
                {
                    var names = has_biases ? "w_ih, w_hh, b_ih, b_hh" : "w_ih, w_hh";
                    var extra = projections ? $" ({withProjections} with projections, adding w_hr)" : "";
                    throw new ArgumentException(
                        $"{op}: expected {expected} weight tensors{extra} for num_layers={num_layers}, bidirectional={bidirectional}, has_biases={has_biases} " +
                        $"({names} per layer and direction); received {@params.Count}.", nameof(@params));
                }
                var handles = new IntPtr[@params.Count];
                for (var i = 0; i < handles.Length; i++)
                    handles[i] = (@params[i] ?? throw new ArgumentException($"{op}: params[{i}] is null.", nameof(@params))).Handle;
                if (@params[0].dim() == 2 && @params[0].size(0) % gates != 0)
                    throw new TorchShapeException($"{op}: w_ih must have {gates} * hidden_size rows; received shape {Shape.Format(@params[0].shape)}.", op);
                return handles;
            }

            private static void CheckState(string op, string name, Tensor state, long[] expected)
            {
                ArgumentNullException.ThrowIfNull(state, name);
                var shape = state.shape;
                if (!shape.AsSpan().SequenceEqual(expected))
                    throw new TorchShapeException(
                        $"{op}: {name} must have shape {Shape.Format(expected)} (num_layers * num_directions, batch, {(name == "c0" ? "hidden_size" : "hidden size")}) " +
                        $"to match the input and weights; received {Shape.Format(shape)}.", op);
            }

            private static void CellArguments(string op, Tensor input, Tensor w_ih, Tensor w_hh)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(w_ih);
                ArgumentNullException.ThrowIfNull(w_hh);
                if (input.dim() != 2)
                    throw new TorchShapeException(
                        $"{op}: expected input of rank 2 (batch, input_size); received shape {Shape.Format(input.shape)}." +
                        (input.dim() == 1 ? " For a single example add a batch axis: input.unsqueeze(0)." : ""), op);
            }
        }
    }
}
