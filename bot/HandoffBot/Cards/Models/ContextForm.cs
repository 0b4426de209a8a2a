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
        // Stored values and limits come from the context grammar, exactly what ContextFormReader reads back.
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

        if (Want(ContextField.WhatWasSold))
        {
            inputs.Add(Heading(ContextField.WhatWasSold));
            inputs.Add(Text("whatWasSold", "One product per line", S("whatWasSold"), true, "Fleet Platform, 250 seats (Routing, Telematics)", 4000));
        }

        if (Want(ContextField.Commitments))
        {
            inputs.Add(Heading(ContextField.Commitments));
            for (var i = 0; i < c.Commitments.Count + BlankRows; i++)
            {
                inputs.Add(Text(ActionInputs.Row("commitments", i, "what"), $"Commitment {i + 1}", S(ActionInputs.Row("commitments", i, "what")), max: 500));
                inputs.Add(new CardInput("date", ActionInputs.Row("commitments", i, "due"), "Due") { Value = V(ActionInputs.Row("commitments", i, "due"), S(ActionInputs.Row("commitments", i, "due"))), Error = E(ActionInputs.Row("commitments", i, "due")) });
                inputs.Add(Text(ActionInputs.Row("commitments", i, "by"), "Promised by", S(ActionInputs.Row("commitments", i, "by")), max: 200));
            }

            inputs.Add(Toggle(ContextField.Commitments, "No commitments were made", c, V, E));
        }

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

        if (Want(ContextField.Stakeholders))
        {
            inputs.Add(Heading(ContextField.Stakeholders));
            for (var i = 0; i < c.Stakeholders.Count + BlankRows; i++)
            {
                inputs.Add(Text(ActionInputs.Row("stakeholders", i, "name"), $"Stakeholder {i + 1}", S(ActionInputs.Row("stakeholders", i, "name")), max: 200));
                inputs.Add(Text(ActionInputs.Row("stakeholders", i, "title"), "Title", S(ActionInputs.Row("stakeholders", i, "title")), max: 200));
                inputs.Add(Pick(ActionInputs.Row("stakeholders", i, "role"), "Role", S(ActionInputs.Row("stakeholders", i, "role")), Formats.Choices<StakeholderRole>()));
                inputs.Add(Text(ActionInputs.Row("stakeholders", i, "email"), "Email", S(ActionInputs.Row("stakeholders", i, "email")), max: 320));
            }
        }

        if (Want(ContextField.Risks))
        {
            inputs.Add(Heading(ContextField.Risks));
            for (var i = 0; i < c.Risks.Count + BlankRows; i++)
            {
                inputs.Add(Pick(ActionInputs.Row("risks", i, "category"), $"Risk {i + 1}", S(ActionInputs.Row("risks", i, "category")), Formats.Choices<RiskCategory>()));
                inputs.Add(Pick(ActionInputs.Row("risks", i, "severity"), "Severity", S(ActionInputs.Row("risks", i, "severity")), Formats.Choices<Severity>()));
                inputs.Add(Text(ActionInputs.Row("risks", i, "description"), "What could go wrong", S(ActionInputs.Row("risks", i, "description")), max: 1000));
            }

            inputs.Add(Toggle(ContextField.Risks, "No known risks", c, V, E));
        }

        if (Want(ContextField.SpecialTerms))
        {
            inputs.Add(Heading(ContextField.SpecialTerms));
            for (var i = 0; i < c.SpecialTerms.Count + BlankRows; i++)
            {
                inputs.Add(Pick(ActionInputs.Row("specialTerms", i, "kind"), $"Term {i + 1}", S(ActionInputs.Row("specialTerms", i, "kind")), Formats.Choices<SpecialTermKind>()));
                inputs.Add(Text(ActionInputs.Row("specialTerms", i, "text"), "Term", S(ActionInputs.Row("specialTerms", i, "text")), max: 1000));
            }

            inputs.Add(Toggle(ContextField.SpecialTerms, "No special terms", c, V, E));
        }

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
