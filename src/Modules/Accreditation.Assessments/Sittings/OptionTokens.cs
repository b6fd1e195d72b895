using System.Security.Cryptography;

namespace Accreditation.Assessments.Sittings;

/// <summary>Where the option values of a sitting come from: one unguessable token per option, so tests can make them exact.</summary>
public interface IOptionTokenSource
{
    /// <summary>Distinct tokens for the options of one question, comma separated, in the order they are shown.</summary>
    string NewTokens(int count);
}

/// <summary>Tokens of 10 random characters (50 bits) from the system's cryptographic generator.</summary>
public sealed class RandomOptionTokens : IOptionTokenSource
{
    private const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    /// <inheritdoc />
    public string NewTokens(int count)
    {
        var made = new HashSet<string>(StringComparer.Ordinal);
        while (made.Count < count)
        {
            made.Add(RandomNumberGenerator.GetString(Alphabet, 10));
        }

        return string.Join(',', made);
    }
}
