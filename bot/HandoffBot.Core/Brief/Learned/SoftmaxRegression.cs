namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// Multinomial logistic regression over the classes "none" + the brief's kinds, L2-regularised, trained
/// full-batch with Adam from zero weights for a fixed number of steps: the same data gives the same
/// weights on every machine (no random init, no shuffling, sums in a fixed order). One model for all
/// kinds makes them compete for a sentence — a price the rep promises is a term or a commitment, not
/// both — while soft targets let a goal that carries its own target be half goal, half success criterion.
/// A class a sentence may not be (a customer's words are never our commitment) is masked out of its softmax.
/// </summary>
public static class SoftmaxRegression
{
    public sealed record Options(double L2 = 1e-3, int Steps = 150, double Rate = 0.05, double MaxClassWeight = 6, double PremAiWeight = 1);

    /// <param name="x">feature vectors</param>
    /// <param name="target">per example, a distribution over the classes (sums to 1)</param>
    /// <param name="allowed">per example, which classes it may be (class 0, "none", always)</param>
    /// <param name="sampleWeight">per example, how much it counts (null: all the same)</param>
    public static (float[][] Weights, float[] Bias) Train(IReadOnlyList<float[]> x, IReadOnlyList<float[]> target, IReadOnlyList<bool[]> allowed, Options? options = null, IReadOnlyList<double>? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(allowed);
        var o = options ?? new Options();
        var n = x.Count;
        var k = n == 0 ? 1 : target[0].Length;
        var d = n == 0 ? 0 : x[0].Length;

        // Items are a few percent of sentences: weigh each class by how rare it is (capped), so the
        // gradient sees them; the per-kind thresholds chosen on held-apart data make the decisions.
        var mass = new double[k];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < k; c++)
            {
                mass[c] += target[i][c];
            }
        }

        var classWeight = mass.Select(m => m <= 0 ? 1.0 : Math.Clamp(mass[0] / m, 1.0, o.MaxClassWeight)).ToArray();
        var exampleWeight = new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < k; c++)
            {
                exampleWeight[i] += target[i][c] * classWeight[c];
            }

            exampleWeight[i] *= sampleWeight?[i] ?? 1;
            total += exampleWeight[i];
        }

        var w = new double[k * d];
        var b = new double[k];
        var mw = new double[k * d];
        var vw = new double[k * d];
        var mb = new double[k];
        var vb = new double[k];
        var g = new double[k * d];
        var gb = new double[k];
        var probs = new double[n][];
        for (var i = 0; i < n; i++)
        {
            probs[i] = new double[k];
        }

        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        for (var step = 1; step <= o.Steps; step++)
        {
            // Each example's probabilities, then each class's gradient row summed in example order: parallel
            // over independent work only, so the sums (and the weights) are the same on every run.
            Parallel.For(0, n, i => Probabilities(w, b, x[i], allowed[i], k, d, probs[i]));
            Parallel.For(0, k, c =>
            {
                var row = c * d;
                Array.Clear(g, row, d);
                var sb = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var err = (probs[i][c] - target[i][c]) * exampleWeight[i] / total;
                    if (err == 0)
                    {
                        continue;
                    }

                    var xi = x[i];
                    for (var j = 0; j < d; j++)
                    {
                        g[row + j] += err * xi[j];
                    }

                    sb += err;
                }

                gb[c] = sb;
            });

            var c1 = 1 - Math.Pow(beta1, step);
            var c2 = 1 - Math.Pow(beta2, step);
            for (var j = 0; j < w.Length; j++)
            {
                var grad = g[j] + (o.L2 * w[j]);
                mw[j] = (beta1 * mw[j]) + ((1 - beta1) * grad);
                vw[j] = (beta2 * vw[j]) + ((1 - beta2) * grad * grad);
                w[j] -= o.Rate * (mw[j] / c1) / (Math.Sqrt(vw[j] / c2) + eps);
            }

            for (var c = 0; c < k; c++)
            {
                mb[c] = (beta1 * mb[c]) + ((1 - beta1) * gb[c]);
                vb[c] = (beta2 * vb[c]) + ((1 - beta2) * gb[c] * gb[c]);
                b[c] -= o.Rate * (mb[c] / c1) / (Math.Sqrt(vb[c] / c2) + eps);
            }
        }

        var weights = new float[k][];
        for (var c = 0; c < k; c++)
        {
            weights[c] = [.. w.AsSpan(c * d, d).ToArray().Select(v => (float)v)];
        }

        return (weights, [.. b.Select(v => (float)v)]);
    }

    /// <summary>The class probabilities of one sentence; masked classes get 0.</summary>
    public static double[] Score(float[][] weights, float[] bias, ReadOnlySpan<float> x, bool[] allowed)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(allowed);
        var k = weights.Length;
        var z = new double[k];
        var max = double.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            if (!allowed[c])
            {
                continue;
            }

            var s = (double)bias[c];
            var row = weights[c];
            for (var j = 0; j < row.Length && j < x.Length; j++)
            {
                s += row[j] * x[j];
            }

            z[c] = s;
            max = Math.Max(max, s);
        }

        return Normalise(z, allowed, max);
    }

    private static void Probabilities(double[] w, double[] b, float[] x, bool[] allowed, int k, int d, double[] p)
    {
        var max = double.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            if (!allowed[c])
            {
                p[c] = 0;
                continue;
            }

            var s = b[c];
            var row = c * d;
            for (var j = 0; j < d; j++)
            {
                s += w[row + j] * x[j];
            }

            p[c] = s;
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var c = 0; c < k; c++)
        {
            p[c] = allowed[c] ? Math.Exp(p[c] - max) : 0;
            sum += p[c];
        }

        for (var c = 0; c < k; c++)
        {
            p[c] /= sum;
        }
    }

    private static double[] Normalise(double[] z, bool[] allowed, double max)
    {
        var sum = 0.0;
        for (var c = 0; c < z.Length; c++)
        {
            z[c] = allowed[c] ? Math.Exp(z[c] - max) : 0;
            sum += z[c];
        }

        for (var c = 0; c < z.Length; c++)
        {
            z[c] /= sum;
        }

        return z;
    }
}
