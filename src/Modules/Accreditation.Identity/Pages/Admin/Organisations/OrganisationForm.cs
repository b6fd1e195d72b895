using Accreditation.Core.Identity;
using Accreditation.Identity.Organisations;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Accreditation.Identity.Pages.Admin.Organisations;

/// <summary>The fields of the add and edit organisation forms, bound as "Form.Name" and so on.</summary>
public sealed class OrganisationForm
{
    /// <summary>The prefix of the fields' names.</summary>
    public const string Prefix = "Form";

    /// <summary>Name.</summary>
    public string? Name { get; set; }

    /// <summary>ONS code or short code.</summary>
    public string? Code { get; set; }

    /// <summary>The kind's enum name.</summary>
    public string? Kind { get; set; }

    /// <summary>The region's enum name, empty for none.</summary>
    public string? Region { get; set; }

    /// <summary>The form filled from a stored organisation.</summary>
    public static OrganisationForm From(Organisation o) =>
        new() { Name = o.Name, Code = o.Code, Kind = o.Kind.ToString(), Region = o.Region?.ToString() };

    /// <summary>The checked details, or null with the errors added next to their fields.</summary>
    public OrganisationDetails? Check(ModelStateDictionary state)
    {
        var valid = state.ErrorCount;
        OrganisationKind? kind = Enum.TryParse<OrganisationKind>(Kind, out var k) && Enum.IsDefined(k) ? k : null;
        if (kind is null)
        {
            state.AddModelError($"{Prefix}.{nameof(Kind)}", "Select what kind of organisation it is");
        }

        EnglishRegion? region = null;
        if (!string.IsNullOrEmpty(Region))
        {
            if (Enum.TryParse<EnglishRegion>(Region, out var r) && Enum.IsDefined(r))
            {
                region = r;
            }
            else
            {
                state.AddModelError($"{Prefix}.{nameof(Region)}", "Select a region from the list");
            }
        }

        var details = new OrganisationDetails(Name, Code, kind ?? OrganisationKind.Other, region);
        if (kind is not null)
        {
            OrganisationRules.Check(details, (field, message) => state.AddModelError($"{Prefix}.{field}", message));
        }

        return state.ErrorCount == valid ? details with { Name = Name!.Trim(), Code = OrganisationRules.NormaliseCode(Code) } : null;
    }
}
