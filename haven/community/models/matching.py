"""The coordinator's matching of a group: the pairs fixed or excluded, and the proposals
the engine made (its duos with their score and reasons, and who stayed unmatched and why)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .buddies import Buddy, Group, Participant


class PairRuleKind(models.TextChoices):
    FIXED = "fixed", _("fixed")
    EXCLUDED = "excluded", _("excluded")


class PairRule(models.Model):
    """A pair the coordinator fixed (always together) or excluded (never together)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="pair_rules", verbose_name=_("group"))
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    buddy = models.ForeignKey(Buddy, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PairRuleKind.choices)
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = _("pair rule")
        verbose_name_plural = _("pair rules")
        constraints = [
            models.UniqueConstraint(fields=["group", "participant", "buddy"], name="community_pair_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.participant_id}–{self.buddy_id}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("confirmed")
    SUPERSEDED = "superseded", _("replaced by a newer proposal")


class MatchProposal(models.Model):
    """One run of the matching for a group: the total and worst score, who stayed
    unmatched and why (``unmatched``: a list of {"side", "key", "reasons"})."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("group"))
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    total = models.IntegerField(_("total score"), default=0)
    worst = models.IntegerField(_("worst duo"), default=0)
    unmatched = models.JSONField(_("unmatched"), default=list, blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("matching proposal")
        verbose_name_plural = _("matching proposals")

    def __str__(self) -> str:
        return f"{self.group_id} {self.made_at:%Y-%m-%d %H:%M}"


class ProposedPair(models.Model):
    proposal = models.ForeignKey(MatchProposal, on_delete=models.CASCADE, related_name="pairs")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    buddy = models.ForeignKey(Buddy, on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    fixed = models.BooleanField(_("fixed"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("proposed duo")
        verbose_name_plural = _("proposed duos")

    def __str__(self) -> str:
        return f"{self.participant_id}–{self.buddy_id} ({self.score})"
