"""Change log of people who may help, so every process keeps its live suggestion index fresh.

A row says only "this person's helper data changed" (an id, no personal data). Each process
remembers how far it has read per network and applies newer rows before it answers (read-your-
writes across web workers). Rows are short-lived: `prune` drops those older than KEEP_HOURS;
an index is rebuilt daily anyway.
"""

from django.db import models


class HelperChange(models.Model):
    TENANT_PATH = "network"

    id = models.BigAutoField(primary_key=True)
    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Not a foreign key: a deleted person must still be announced (and the row then removes them).
    person_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["network", "id"], name="matching_change_network_id")]

    def __str__(self) -> str:
        return f"{self.network_id}:{self.person_id}"
