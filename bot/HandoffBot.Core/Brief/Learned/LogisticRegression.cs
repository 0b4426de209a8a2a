namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// Binary logistic regression, L2-regularised, full-batch gradient descent with a fixed number of
/// steps and zero initial weights: the same data gives the same weights on every machine (no random
/// init, no shuffling). Small on purpose: a few thousand sentences × ~420 features train in seconds.
/// </summary>
public static class LogisticRegression
{
    public static (float[] Weights, float Bias) Train(IReadOnlyList<float[]> x, IReadOnlyList<bool> y, double l2 = 1e-3, int steps = 400, double rate = 0.5)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var n = x.Count;
        var d = n == 0 ? 0 : x[0].Length;
        var w = new double[d];
        var b = 0.0;
        var g = new double[d];

        // Positives are rare (a few percent of sentences): weigh them up so the gradient sees them; the
        // per-kind threshold chosen on held-apart data turns scores into decisions.
        var positives = y.Count(v => v);
        var posWeight = positives == 0 ? 1.0 : Math.Min(8.0, (n - positives) / (double)positives);
        var totalWeight = n - positives + positives * posWeight;
        for (var step = 0; step < steps; step++)
        {
            Array.Clear(g);
            var gb = 0.0;
            for (var i = 0; i < n; i++)
            {
                var xi = x[i];
                var z = b;
                for (var j = 0; j < d; j++)
                {
                    z += w[j] * xi[j];
                }

                var err = (Sigmoid(z) - (y[i] ? 1 : 0)) * (y[i] ? posWeight : 1.0);
                for (var j = 0; j < d; j++)
                {
                    g[j] += err * xi[j];
                }

                gb += err;
            }

            for (var j = 0; j < d; j++)
            {
                w[j] -= rate * ((g[j] / totalWeight) + (l2 * w[j]));
            }

            b -= rate * gb / totalWeight;
        }

        return ([.. w.Select(v => (float)v)], (float)b);
    }

    public static double Score(ReadOnlySpan<float> weights, float bias, ReadOnlySpan<float> x)
    {
        var z = (double)bias;
        for (var j = 0; j < weights.Length && j < x.Length; j++)
        {
            z += weights[j] * x[j];
        }

        return Sigmoid(z);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
