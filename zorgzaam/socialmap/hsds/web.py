"""Pages of the Open Referral exchange that are not the data feed itself."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from zorgzaam.socialmap import hsds


@login_required
def export_zip_excel(request):
    """The CSV tables to open in a spreadsheet: cells that would run as a formula are neutralised."""
    body = hsds.export_csv_zip(request.actor, excel=True)
    resp = HttpResponse(body, content_type="application/zip")
    resp["Content-Disposition"] = f'attachment; filename="{request.actor.network.slug}-hsds-csv-excel.zip"'
    return resp
