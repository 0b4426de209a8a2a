using System.Text.Json;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>How a part's text is taken off each surface, with that surface's wording for problems.</summary>
internal static class SurfaceReaders
{
    /// <summary>
    /// The deal JSON: a string (a number for an optional part, read as its text); missing or null is no
    /// value. Problems go to <paramref name="errors"/> under <c>path + name</c>. False when the part failed.
    /// </summary>
    public static bool FromJson(JsonElement obj, Part part, string path, List<FieldError> errors, out object? value)
    {
        value = null;
        var field = path + part.Name;
        if (!obj.TryGetProperty(part.Name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return Missing(part, field, "Required.", errors);
        }

        string text;
        if (element.ValueKind == JsonValueKind.Number && !part.Required)
        {
            text = element.GetRawText();
        }
        else if (element.ValueKind == JsonValueKind.String)
        {
            text = element.GetString()!.Trim();
        }
        else
        {
            errors.Add(new FieldError(field, "Expected a string."));
            return false;
        }

        if (text.Length == 0)
        {
            return Missing(part, field, "Required (it is empty).", errors);
        }

        return Read(text, part, field, errors, $"Too long ({text.Length} characters; at most {part.MaxLength}).", part.Problem, out value);
    }

    /// <summary>The chat form: the input's text (already trimmed; blank is no value); problems under the input id.</summary>
    public static bool FromForm(string? text, Part part, string inputId, List<FieldError> errors, out object? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (part.Required)
            {
                errors.Add(new FieldError(inputId, part.Hint));
                return false;
            }

            return true;
        }

        return Read(text.Trim(), part, inputId, errors, $"Keep it under {part.MaxLength} characters.", part.FormProblem, out value);
    }

    /// <summary>A lenient reader (an LLM's answer, a CRM line): text is clipped to the limit, unreadable text gives the part's fallback, never a problem.</summary>
    public static object? Lenient(string? text, Part part, out bool guessed)
    {
        guessed = false;
        var clean = text?.Trim();
        if (!string.IsNullOrEmpty(clean) && part.TryRead(ContextValues.Clip(clean, part.MaxLength), out var value))
        {
            return value;
        }

        guessed = part.Fallback is not null;
        return part.Fallback;
    }

    /// <summary>The length check and the part's own reading, with the surface's wording for each problem.</summary>
    private static bool Read(string text, Part part, string field, List<FieldError> errors, string tooLong, Func<string, string> problem, out object? value)
    {
        value = null;
        if (text.Length > part.MaxLength)
        {
            errors.Add(new FieldError(field, tooLong));
            return false;
        }

        if (!part.TryRead(text, out value))
        {
            errors.Add(new FieldError(field, problem(text)));
            return false;
        }

        return true;
    }

    private static bool Missing(Part part, string field, string message, List<FieldError> errors)
    {
        if (part.Required)
        {
            errors.Add(new FieldError(field, message));
            return false;
        }

        return true;
    }
}
