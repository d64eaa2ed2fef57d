"""Where every table stands towards the network, the tenant (docs/scaling.md, "The path to Citus").

Each model of a Zorgzaam app is declared exactly once:
- TENANT_PATHS: a tenant table; its rows belong to one network, reached through the lookup path given
  (`"network"`, `"request__network"`). With Citus, these tables get the network as distribution column
  (a denormalised `network_id` where the path is longer than one step).
- REFERENCE_TABLES: shared by every network (taxonomies, sectors, addresses, reference data); with
  Citus, reference tables copied to every node so that joins with tenant tables stay local.
- PLATFORM_TABLES: belong to no network and are not joined with tenant data in per-network queries
  (logins, tokens); with Citus, local tables on the coordinator.
NULLABLE_NETWORK lists tenant tables whose path may end in no network: those rows are shared by all
networks (e.g. a platform-wide tag) or belong to the platform (a platform audit event); before
distribution they move to a reference table or get a platform network.

zorgzaam/core/tests/test_tenancy.py fails for a model that is not declared, a path that does not reach
networks.Network, and a declaration of a model that no longer exists.
"""

from __future__ import annotations

TENANT_PATHS: dict[str, str] = {
    # networks, core, audit, notifications
    "networks.Area": "network",
    "core.DemoStep": "network",
    "audit.Event": "network",
    "notifications.Notification": "network",
    # organisations, people
    "organisations.Organisation": "network",
    "people.Tag": "network",
    "people.Person": "network",
    "people.PersonTag": "person__network",
    "people.VolunteerKind": "network",
    "people.RoleAssignment": "person__network",
    "people.Consent": "person__network",
    # social map
    "socialmap.OrganisationProfile": "organisation__network",
    "socialmap.Service": "organisation__network",
    "socialmap.ServiceSchedule": "service__organisation__network",
    "socialmap.EditorClaim": "organisation__network",
    "socialmap.OutdatedReport": "service__organisation__network",
    # volunteers
    "volunteers.VolunteerProfile": "person__network",
    "volunteers.SafeguardingRecord": "person__network",
    "volunteers.OnboardingStep": "network",
    "volunteers.OnboardingProgress": "person__network",
    "volunteers.SafeguardingReminder": "record__person__network",
    "volunteers.ThankYou": "network",
    "volunteers.Appreciation": "network",
    "volunteers.HoursEntry": "network",
    "volunteers.Initiative": "network",
    "volunteers.InitiativeSupport": "initiative__network",
    # sectors: the network's own areas, placements and jobs (the sectors themselves are reference data)
    "sectors.AreaSector": "area__network",
    "sectors.Placement": "network",
    "sectors.ImportJob": "network",
    # addresses: where a person lives (the address register itself is reference data)
    "addresses.PersonPlacement": "person__network",
    # matching, care
    "matching.HelperChange": "network",
    "care.Theme": "network",
    "care.Signal": "network",
    "care.Request": "network",
    "care.TimelineEntry": "request__network",
    "care.Match": "request__network",
    "care.Referral": "request__network",
    "care.CareSettings": "network",
    "care.BatchRun": "network",
    # outreach
    "outreach.Checklist": "network",
    "outreach.ChecklistQuestion": "checklist__network",
    "outreach.Round": "network",
    "outreach.Visit": "network",
    "outreach.Circle": "network",
    "outreach.CircleMember": "circle__network",
    "outreach.Call": "member__circle__network",
    "outreach.OutreachSettings": "network",
    # community
    "community.Place": "network",
    "community.RouteStop": "place__network",
    "community.Activity": "network",
    "community.Occurrence": "activity__network",
    "community.Registration": "occurrence__activity__network",
    "community.Attendance": "occurrence__activity__network",
    "community.Evaluation": "occurrence__activity__network",
    "community.Invitation": "network",
    # valued roles, reciprocity
    "valuedroles.ValuedRole": "network",
    "valuedroles.RoleHolding": "role__network",
    "reciprocity.LedgerSettings": "network",
    "reciprocity.Account": "network",
    "reciprocity.Transaction": "network",
    "reciprocity.Entry": "transaction__network",
    "reciprocity.TransferClaim": "network",
    # analysis
    "analysis.Observation": "network",
    "analysis.Survey": "network",
    "analysis.Question": "survey__network",
    "analysis.SurveyToken": "survey__network",
    "analysis.Response": "survey__network",
    "analysis.Answer": "response__survey__network",
    "analysis.HospiscoreProfile": "network",
    "analysis.HospiscoreComponent": "profile__network",
    "analysis.Snapshot": "network",
    # plans
    "plans.Plan": "network",
    "plans.Domain": "plan__network",
    "plans.Track": "plan__network",
    "plans.Goal": "plan__network",
    "plans.Action": "plan__network",
    "plans.Indicator": "plan__network",
    "plans.Measurement": "indicator__plan__network",
}

# Rows without a network are shared by all networks or belong to the platform (see the module doc).
NULLABLE_NETWORK = {
    "audit.Event",
    "notifications.Notification",
    "people.Tag",
    "people.VolunteerKind",
    "sectors.ImportJob",
    "care.Theme",
}

REFERENCE_TABLES: dict[str, str] = {
    "networks.Network": "the tenants themselves: small, read by every query",
    "reference.Framework": "reference data",
    "reference.Project": "reference data",
    "people.Language": "taxonomy",
    "socialmap.Category": "taxonomy",
    "socialmap.TargetGroup": "taxonomy",
    "sectors.SectorSet": "statistical sectors, shared by all networks",
    "sectors.Sector": "statistical sectors",
    "sectors.SectorChange": "statistical sectors",
    "sectors.Indicator": "indicator definitions",
    "sectors.IndicatorValue": "public statistics per sector",
    "sectors.ImportSource": "where shared statistics come from",
    "sectors.ColumnMapping": "how shared statistics are read",
    "addresses.Street": "address register",
    "addresses.Address": "address register",
}

PLATFORM_TABLES: dict[str, str] = {
    "accounts.User": "a login may belong to several networks (a person per network)",
    "accounts.ApiToken": "belongs to a login",
    "accounts.RecoveryCode": "belongs to a login",
    "accounts.LoginThrottle": "counts failed logins per name and address, before any network is known",
}


def declaration(label: str) -> str | None:
    """ "tenant", "reference", "platform" or None for a model label such as "care.Request"."""
    if label in TENANT_PATHS:
        return "tenant"
    if label in REFERENCE_TABLES:
        return "reference"
    if label in PLATFORM_TABLES:
        return "platform"
    return None
