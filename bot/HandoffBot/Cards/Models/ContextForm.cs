using System.Globalization;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Models;

/// <summary>
/// The AE's context form, in exactly the input ids and line formats ContextFormReader reads: list
/// fields one item per line, rows <c>list.N.part</c> (existing items plus two blank rows), choices
/// as snake_case enum names, <c>none.*</c> toggles "true". What the person typed
/// (<see cref="CardState.Values"/>) wins over the stored context; errors sit under their input.
/// </summary>
public static class ContextForm
{
    public const int BlankRows = 2;

    public static IReadOnlyList<CardInput> Inputs(Handoff h, CardState state, IReadOnlySet<ContextField>? only = null)
    {
        // A field's group is shown when asked for, or when the person typed into it or it has an error.
        bool Want(ContextField f) => only is null || only.Contains(f)
            || (state.Values?.Keys.Any(k => k == f.Key() || k.StartsWith(f.Key() + ".", StringComparison.Ordinal) || k == ActionInputs.None(f)) ?? false)
            || (state.Errors?.Any(e => e.Field == f.Key() || e.Field.StartsWith(f.Key() + ".", StringComparison.Ordinal)) ?? false);

        var c = h.Context;
        // Stored values are written by the context grammar, exactly as ContextFormReader reads them back.
        var stored = ContextGrammar.Fields.SelectMany(f => f.ToForm(c)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        string S(string id) => stored.GetValueOrDefault(id) ?? "";
        var errors = (state.Errors ?? []).GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)), StringComparer.Ordinal);
        string V(string id, string stored) => state.Values is { } values && values.TryGetValue(id, out var typed) ? typed ?? "" : stored;
        string E(string id) => errors.GetValueOrDefault(id) ?? "";
        var inputs = new List<CardInput>();

        CardInput Text(string id, string label, string stored, bool multiline = false, string placeholder = "", int max = 2000) =>
            new("text", id, label) { Value = V(id, stored), Error = E(id), Multiline = multiline, Placeholder = placeholder, MaxLength = max };

        CardInput Pick(string id, string label, string stored, IReadOnlyList<Choice> choices) =>
            new("choice", id, label) { Value = V(id, stored), Error = E(id), Choices = choices, Placeholder = "Choose…" };

        CardInput Heading(ContextField field) => new("heading", "", field.Label()) { Separator = true };

        // A row list: its items plus blank rows, one input per part of the grammar's item ("{n}" is the row number).
        void Rows<T>(ListField<T> list, string? none, params (string Label, int Max)[] layout)
        {
            if (!Want(list.Field))
            {
                return;
            }

            inputs.Add(Heading(list.Field));
            for (var i = 0; i < list.Count(c) + BlankRows; i++)
            {
                foreach (var (part, (label, max)) in list.Item.Parts.Zip(layout))
                {
                    var id = ActionInputs.Row(list.Key, i, part.FormName);
                    var title = label.Replace("{n}", (i + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                    inputs.Add(part.Input switch
                    {
                        "choice" => Pick(id, title, S(id), Formats.Choices(part.Choices)),
                        "date" => new CardInput("date", id, title) { Value = V(id, S(id)), Error = E(id) },
                        _ => Text(id, title, S(id), max: max),
                    });
                }
            }

            if (none is not null)
            {
                inputs.Add(Toggle(list.Field, none, c, V, E));
            }
        }

        if (Want(ContextField.WhatWasSold))
        {
            inputs.Add(Heading(ContextField.WhatWasSold));
            inputs.Add(Text("whatWasSold", "One product per line", S("whatWasSold"), true, "Fleet Platform, 250 seats (Routing, Telematics)", 4000));
        }

        Rows(ContextGrammar.Commitments, "No commitments were made", ("Commitment {n}", 500), ("Due", 0), ("Promised by", 200));

        if (Want(ContextField.Goals))
        {
            inputs.Add(Heading(ContextField.Goals));
            inputs.Add(Text("goals", "One goal per line", S("goals"), true, max: 4000));
        }

        if (Want(ContextField.SuccessCriteria))
        {
            inputs.Add(Heading(ContextField.SuccessCriteria));
            inputs.Add(Text("successCriteria", "One criterion per line", S("successCriteria"), true, max: 4000));
        }

        Rows(ContextGrammar.Stakeholders, null, ("Stakeholder {n}", 200), ("Title", 200), ("Role", 0), ("Email", 320));
        Rows(ContextGrammar.Risks, "No known risks", ("Risk {n}", 0), ("Severity", 0), ("What could go wrong", 1000));
        Rows(ContextGrammar.SpecialTerms, "No special terms", ("Term {n}", 0), ("Term", 1000));

        if (Want(ContextField.ExpansionPotential))
        {
            inputs.Add(Heading(ContextField.ExpansionPotential));
            inputs.Add(Text("expansionPotential", "Where could the account grow?", S("expansionPotential"), true, max: 1000));
        }

        if (Want(ContextField.TargetGoLive))
        {
            inputs.Add(Heading(ContextField.TargetGoLive));
            inputs.Add(new CardInput("date", "targetGoLive", ContextField.TargetGoLive.Label())
            {
                Value = V("targetGoLive", S("targetGoLive")),
                Error = E("targetGoLive"),
            });
        }

        if (Want(ContextField.CustomerTimeZone))
        {
            inputs.Add(Heading(ContextField.CustomerTimeZone));
            inputs.Add(Text("customerTimeZone", "The customer's time zone (for the intro and kickoff)", h.Deal.CustomerTimeZone ?? "", placeholder: "America/Chicago", max: 64));
        }

        // Errors on fields without an input of their own (e.g. "stakeholders" as a whole) go under its first input.
        foreach (var (field, message) in errors.Where(e => inputs.All(i => i.Id != e.Key)))
        {
            var at = inputs.FindIndex(i => i.Id.StartsWith(field + ".", StringComparison.Ordinal) || i.Id == field);
            var heading = ContextFields.TryParseKey(field, out var f) ? inputs.FindIndex(i => i.Kind == "heading" && i.Label == f.Label()) : -1;
            var index = at >= 0 ? at : heading >= 0 ? heading + 1 : -1;
            if (index >= 0)
            {
                inputs[index] = inputs[index] with { Error = (inputs[index].Error + " " + message).Trim() };
            }
        }

        return inputs;
    }

    private static CardInput Toggle(ContextField field, string label, DealContext c, Func<string, string, string> value, Func<string, string> error)
    {
        var id = ActionInputs.None(field);
        return new CardInput("toggle", id, label) { Value = value(id, c.ConfirmedNone.Contains(field) ? "true" : "false"), Error = error(id) };
    }
}
