from django.db import models


class DemoStep(models.Model):
    """Which demo steps have run for a network (keeps `zorgzaam demo` idempotent)."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=60)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("network", "step")]
