"""Statistical sectors, areas of sectors, placements and indicators: every rule and permission check.

Read services used by other apps (stable names): current_sector_set, sectors_of_area, area_geometry,
indicator_values, aggregate, suppress, area_population, register_point_source, assign_points.

Who may do what:
- sector layers, indicator values and the indicator catalogue are shared by every network on the
  installation (national reference data): only the platform administrator (a Django superuser) and
  system work (background tasks, demo, CLI) import or edit them, so one network cannot change another
  network's figures;
- coordinators choose the sectors of their own network's areas;
- professionals read sectors and indicators (sector rows) for the areas of their role;
- policy viewers read area aggregates only, with small counts suppressed;
- volunteers, partner staff and residents have no access to these pages; other networks nothing.
Sectors and indicators are public statistics; placements of persons are personal data and only
ever feed aggregates.
"""

# A package of sub-domain modules (issue 10 item 4); every public name stays importable from
# zorgzaam.sectors.services.
from zorgzaam.sectors.services.figures import (
    AggregateResult,
    Value,
    aggregate,
    area_geometry,
    area_population,
    current_sector_set,
    format_number,
    indicator_values,
    rate_scale,
    sector_values_table,
    sectors_of_area,
    suppress,
)
from zorgzaam.sectors.services.imports import (
    SECTOR_EXTENSIONS,
    SHARED_JOB_KINDS,
    TABLE_EXTENSIONS,
    enqueue_job,
    get_job,
    job_user,
    run_import_job,
    start_indicator_import,
    start_sector_import,
    store_upload,
    upload_dir,
    visible_jobs,
)
from zorgzaam.sectors.services.indicators import INDICATOR_FIELDS, save_indicator
from zorgzaam.sectors.services.layers import (
    BATCH,
    change_summaries,
    change_summary,
    import_sector_file,
    network_sectors,
    parse_codes,
    sector_sets,
    sectors_in_other_areas,
    set_area_sectors,
)
from zorgzaam.sectors.services.permissions import (
    AREA_SECTORS_CHANGED,
    INDICATOR_SAVED,
    INDICATORS_IMPORTED,
    SECTORS_IMPORTED,
    can_manage,
    can_read_area,
    can_read_indicators,
    can_read_sector_rows,
    can_see_layers,
    get_area,
    is_platform_admin,
    readable_areas,
)
from zorgzaam.sectors.services.placement import (
    PERSON_SOURCE,
    POINT_SOURCES,
    assign_points,
    forget_person,
    locate,
    person_export,
    person_placement_counts,
    place_person,
    register_point_source,
    run_placement_job,
    schedule_placements,
)
from zorgzaam.sectors.services.progress import finish_job, job_messages, report_progress, start_job, today
from zorgzaam.sectors.services.reports import (
    COUNT_LABELS,
    NONE_HIDDEN,
    area_report,
    area_report_csv,
    indicator_report,
    labelled_counts,
)

__all__ = [
    "AREA_SECTORS_CHANGED",
    "AggregateResult",
    "BATCH",
    "COUNT_LABELS",
    "INDICATORS_IMPORTED",
    "INDICATOR_FIELDS",
    "INDICATOR_SAVED",
    "NONE_HIDDEN",
    "PERSON_SOURCE",
    "POINT_SOURCES",
    "SECTORS_IMPORTED",
    "SECTOR_EXTENSIONS",
    "SHARED_JOB_KINDS",
    "TABLE_EXTENSIONS",
    "Value",
    "aggregate",
    "area_geometry",
    "area_population",
    "area_report",
    "area_report_csv",
    "assign_points",
    "can_manage",
    "can_read_area",
    "can_read_indicators",
    "can_read_sector_rows",
    "can_see_layers",
    "change_summaries",
    "change_summary",
    "current_sector_set",
    "enqueue_job",
    "finish_job",
    "forget_person",
    "format_number",
    "get_area",
    "get_job",
    "import_sector_file",
    "indicator_report",
    "indicator_values",
    "is_platform_admin",
    "job_messages",
    "job_user",
    "labelled_counts",
    "locate",
    "network_sectors",
    "parse_codes",
    "person_export",
    "person_placement_counts",
    "place_person",
    "rate_scale",
    "readable_areas",
    "register_point_source",
    "report_progress",
    "run_import_job",
    "run_placement_job",
    "save_indicator",
    "schedule_placements",
    "sector_sets",
    "sector_values_table",
    "sectors_in_other_areas",
    "sectors_of_area",
    "set_area_sectors",
    "start_indicator_import",
    "start_job",
    "start_sector_import",
    "store_upload",
    "suppress",
    "today",
    "upload_dir",
    "visible_jobs",
]
