using Accreditation.Portfolios.Data;
using FluentValidation;

namespace Accreditation.Portfolios.Endorsements;

/// <summary>An endorser's answer as the form sent it: the decision, a statement of readiness, reasons for declining.</summary>
public sealed record EndorsementAnswer(string? Decision, string? Statement, string? Reasons)
{
    /// <summary>The statement without surrounding spaces (empty when none).</summary>
    public string StatementText => (Statement ?? "").Trim();

    /// <summary>The reasons without surrounding spaces (empty when none).</summary>
    public string ReasonsText => (Reasons ?? "").Trim();
}

/// <summary>
/// Checks an endorser's answer: a decision the request allows ("Endorse" or "Decline" to an open request, "Confirm" or
/// "Decline" after a change), a statement with an endorsement, reasons with a decline, each within its length. The
/// page shows the first problem, in this order.
/// </summary>
public sealed class EndorsementAnswerValidator : AbstractValidator<EndorsementAnswer>
{
    /// <summary>The checks for an open request, or for one the candidate changed after it was endorsed (<paramref name="confirming"/>).</summary>
    public EndorsementAnswerValidator(bool confirming)
    {
        bool Allowed(string? decision) => decision is "Decline" || decision == (confirming ? "Confirm" : "Endorse");

        RuleFor(a => a.Decision)
            .Must(Allowed)
            .WithMessage(confirming ? "Select whether your endorsement still stands" : "Select whether you endorse the candidate");

        When(a => Allowed(a.Decision), () =>
        {
            RuleFor(a => a.StatementText).Must(t => t.Length > 0).When(a => a.Decision == "Endorse")
                .OverridePropertyName("ReadinessStatement").WithMessage("Enter your statement of the candidate's readiness");
            RuleFor(a => a.ReasonsText).Must(t => t.Length > 0).When(a => a.Decision == "Decline")
                .OverridePropertyName("DeclineReasons").WithMessage("Enter your reasons, so the candidate knows what to work on");
            RuleFor(a => a.StatementText).Must(t => t.Length <= PortfoliosModel.ShortTextLength)
                .OverridePropertyName("ReadinessStatement").WithMessage($"Your statement must be {PortfoliosModel.ShortTextLength:N0} characters or fewer");
            RuleFor(a => a.ReasonsText).Must(t => t.Length <= PortfoliosModel.ShortTextLength)
                .OverridePropertyName("DeclineReasons").WithMessage($"Your reasons must be {PortfoliosModel.ShortTextLength:N0} characters or fewer");
        });
    }
}
