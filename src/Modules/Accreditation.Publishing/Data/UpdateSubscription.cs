namespace Accreditation.Publishing.Data;

/// <summary>How often a subscriber hears about new updates.</summary>
public enum SubscriptionFrequency
{
    /// <summary>One email per update, when it is published.</summary>
    Immediate,

    /// <summary>One digest a week of everything new.</summary>
    Weekly,
}

/// <summary>A signed-in person's wish to hear about updates on one topic (or all topics).</summary>
public sealed class UpdateSubscription
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The subscriber's user id.</summary>
    public required string UserId { get; set; }

    /// <summary>The topic, lower case; empty for every topic.</summary>
    public string Topic { get; set; } = "";

    /// <summary>Immediate or weekly.</summary>
    public SubscriptionFrequency Frequency { get; set; }

    /// <summary>When it was made; a digest covers only updates published after this.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the last digest went (null before the first).</summary>
    public DateTimeOffset? LastDigestAt { get; set; }
}

/// <summary>Records that an update was sent to a subscription, so it is never sent to it again.</summary>
public sealed class SentUpdate
{
    /// <summary>The subscription.</summary>
    public Guid SubscriptionId { get; set; }

    /// <summary>The update.</summary>
    public Guid PracticeUpdateId { get; set; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset SentAt { get; set; }
}
