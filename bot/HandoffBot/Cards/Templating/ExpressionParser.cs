using System.Globalization;

namespace HandoffBot.Cards.Templating;

/// <summary>
/// Recursive descent over the expression subset: literals ('text', 12, true, false, null), paths,
/// function calls, <c>! -</c>, <c>* + -</c>, comparisons, <c>== !=</c>, <c>&amp;&amp; ||</c>, parentheses.
/// </summary>
internal sealed class ExpressionParser(string text)
{
    private int pos;

    public Expression ParseAll()
    {
        var expression = ParseOr();
        SkipSpace();
        if (pos < text.Length)
        {
            throw Error($"unexpected '{text[pos]}'");
        }

        return expression;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Take("||"))
        {
            left = new BinaryExpression("||", left, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseEquality();
        while (Take("&&"))
        {
            left = new BinaryExpression("&&", left, ParseEquality());
        }

        return left;
    }

    private Expression ParseEquality()
    {
        var left = ParseComparison();
        while (true)
        {
            if (Take("=="))
            {
                left = new BinaryExpression("==", left, ParseComparison());
            }
            else if (Take("!="))
            {
                left = new BinaryExpression("!=", left, ParseComparison());
            }
            else
            {
                return left;
            }
        }
    }

    private Expression ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var op = Take("<=") ? "<=" : Take(">=") ? ">=" : Take("<") ? "<" : Take(">") ? ">" : null;
            if (op is null)
            {
                return left;
            }

            left = new BinaryExpression(op, left, ParseAdditive());
        }
    }

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            var op = Take("+") ? "+" : Take("-") ? "-" : null;
            if (op is null)
            {
                return left;
            }

            left = new BinaryExpression(op, left, ParseMultiplicative());
        }
    }

    private Expression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Take("*"))
        {
            left = new BinaryExpression("*", left, ParseUnary());
        }

        return left;
    }

    private Expression ParseUnary()
    {
        SkipSpace();
        if (Peek('!') && !PeekAt(1, '='))
        {
            pos++;
            return new UnaryExpression('!', ParseUnary());
        }

        if (Peek('-'))
        {
            pos++;
            return new UnaryExpression('-', ParseUnary());
        }

        return ParsePrimary();
    }

    private Expression ParsePrimary()
    {
        SkipSpace();
        if (pos >= text.Length)
        {
            throw Error("expression ends too early");
        }

        var c = text[pos];
        if (c == '(')
        {
            pos++;
            var inner = ParseOr();
            Expect(')');
            return inner;
        }

        if (c is '\'' or '"')
        {
            return new Literal(ParseString(c));
        }

        if (char.IsAsciiDigit(c))
        {
            var start = pos;
            while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '.'))
            {
                pos++;
            }

            return new Literal(double.Parse(text.AsSpan(start, pos - start), CultureInfo.InvariantCulture));
        }

        var name = ParseIdentifier();
        switch (name)
        {
            case "true":
                return new Literal(true);
            case "false":
                return new Literal(false);
            case "null":
                return new Literal(null);
            default:
                break;
        }

        SkipSpace();
        if (Peek('('))
        {
            pos++;
            var args = new List<Expression>();
            SkipSpace();
            if (!Peek(')'))
            {
                do
                {
                    args.Add(ParseOr());
                }
                while (Take(","));
            }

            Expect(')');
            return new CallExpression(name, args);
        }

        var steps = new List<Expression>();
        while (true)
        {
            if (pos < text.Length && text[pos] == '.')
            {
                pos++;
                steps.Add(new Literal(ParseIdentifier()));
            }
            else if (pos < text.Length && text[pos] == '[')
            {
                pos++;
                steps.Add(ParseOr());
                Expect(']');
            }
            else
            {
                return new PathExpression(name, steps);
            }
        }
    }

    private string ParseIdentifier()
    {
        SkipSpace();
        var start = pos;
        while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '_' or '$' or '@'))
        {
            pos++;
        }

        return pos > start ? text[start..pos] : throw Error(pos < text.Length ? $"unexpected '{text[pos]}'" : "expression ends too early");
    }

    private string ParseString(char quote)
    {
        pos++;
        var start = pos;
        while (pos < text.Length && text[pos] != quote)
        {
            if (text[pos] == '\\')
            {
                throw Error("escapes in string literals are outside the subset");
            }

            pos++;
        }

        if (pos >= text.Length)
        {
            throw Error("unterminated string");
        }

        return text[start..pos++];
    }

    private void SkipSpace()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private bool Peek(char c) => pos < text.Length && text[pos] == c;

    private bool PeekAt(int offset, char c) => pos + offset < text.Length && text[pos + offset] == c;

    private bool Take(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(text, pos, token, 0, token.Length) != 0)
        {
            return false;
        }

        // "<" must not eat the start of "<=", "!" not of "!=", "=" is never alone.
        if (token.Length == 1 && token is "<" or ">" && PeekAt(1, '='))
        {
            return false;
        }

        pos += token.Length;
        return true;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (!Peek(c))
        {
            throw Error($"expected '{c}'");
        }

        pos++;
    }

    private TemplateException Error(string problem) => new($"in ${{{text}}} at {pos}: {problem}");
}
