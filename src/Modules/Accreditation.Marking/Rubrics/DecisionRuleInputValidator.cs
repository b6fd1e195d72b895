using FluentValidation;
using FluentValidation.Results;

namespace Accreditation.Marking.Rubrics;

/// <summary>Checks the values of a decision rule an admin (or a recipe) sets, in the order the form shows them.</summary>
public sealed class DecisionRuleInputValidator : AbstractValidator<DecisionRuleInput>
{
    /// <summary>The checks for a rubric of <paramref name="levelCount"/> levels, requiring only the <paramref name="availableComponents"/>.</summary>
    public DecisionRuleInputValidator(int levelCount, IReadOnlyCollection<string> availableComponents)
    {
        RuleFor(i => i.Components).Custom((_, context) =>
        {
            // The message quotes what was sent, so it is not a message template.
            if (context.InstanceToValidate.ComponentKeys.FirstOrDefault(k => !availableComponents.Contains(k)) is { } unknown)
            {
                context.AddFailure(new ValidationFailure(nameof(DecisionRuleInput.Components), $"There is no component '{unknown}' on this site: choose from the components listed"));
            }
        });
        RuleFor(i => i.MinimumLevel).Must(v => v >= 0 && v < levelCount).WithMessage("Choose the lowest level every statement must reach");
        RuleFor(i => i.StatementsAllowedBelow).InclusiveBetween(0, 50).WithMessage("Enter how many statements may fall below it, from 0 to 50");
        RuleFor(i => i.SamplePercent).InclusiveBetween(0, 100).WithMessage("Enter a sample between 0% and 100%");
        RuleFor(i => i.Tolerance).Must(v => v >= 0 && v < levelCount).WithMessage($"Enter a tolerance from 0 to {levelCount - 1} levels");
        RuleFor(i => i.AppealDays).InclusiveBetween(0, 365).WithMessage("Enter a review period from 0 to 365 days");
    }
}
