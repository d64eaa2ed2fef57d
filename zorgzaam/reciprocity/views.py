from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.core.forms import apply_errors as _apply_errors
from zorgzaam.core.redirects import redirect_next
from zorgzaam.people.services import visible_persons
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.forms import PoolForm, SettingsForm, TransferForm
from zorgzaam.reciprocity.models import Transaction, TransferClaim
from zorgzaam.volunteers.services import is_staff


def _require_enabled(actor):
    if actor.network is None or not services.is_enabled(actor.network):
        raise PermissionDenied


def _rows(cfg, account):
    return [
        {
            "date": r["txn"].created_at,
            "amount": services.amount_words(cfg, r["entry"].amount),
            "positive": r["entry"].amount > 0,
            "other": r["other"],
            "memo": r["txn"].memo,
            "on_behalf": r["txn"].on_behalf,
            "kind": r["txn"].get_kind_display(),
            "txn": r["txn"],
        }
        for r in services.statement(account)
    ]


@login_required
def home(request):
    actor = request.actor
    _require_enabled(actor)
    cfg = services.settings_for(actor.network)
    account = services.own_account(actor)
    ctx = {
        "cfg": cfg,
        "unit": services.unit_label(cfg),
        "account": account,
        "is_staff": is_staff(actor),
        "is_coordinator": services.can_manage(actor),
        "can_figures": services.can_view_aggregates(actor),
        "can_transfer": (actor.on_behalf_of or actor.person) is not None or is_staff(actor),
    }
    if account is not None:
        ctx.update(services.summary_words(cfg, services.summary(account)))
        ctx["rows"] = _rows(cfg, account)[:50]
    claims = services.my_pending_claims(actor)
    ctx["to_confirm"] = [_claim_row(cfg, c) for c in claims["to_confirm"]]
    ctx["waiting"] = [_claim_row(cfg, c) for c in claims["waiting"]]
    ctx["staff_claims"] = [_claim_row(cfg, c) for c in services.staff_pending_claims(actor)]
    return render(request, "reciprocity/home.html", ctx)


def _claim_row(cfg, claim):
    return {"claim": claim, "amount": services.amount_words(cfg, claim.amount)}


@login_required
def account_list(request):
    actor = request.actor
    _require_enabled(actor)
    if not is_staff(actor):
        raise PermissionDenied
    cfg = services.settings_for(actor.network)
    accounts = list(services.visible_accounts(actor))
    totals = services.balances([a.pk for a in accounts])
    rows = [{"account": a, "balance": services.format_amount(cfg, totals[a.pk])} for a in accounts]
    return render(request, "reciprocity/accounts.html", {"rows": rows, "unit": services.unit_label(cfg)})


@login_required
def account_detail(request, pk):
    actor = request.actor
    _require_enabled(actor)
    account = services.get_account(actor, pk)
    cfg = services.settings_for(actor.network)
    reversed_ids = set(
        Transaction.objects.filter(network=actor.network, reverses__isnull=False).values_list(
            "reverses_id", flat=True
        )
    )
    return render(
        request,
        "reciprocity/account.html",
        {
            "account": account,
            "unit": services.unit_label(cfg),
            "rows": _rows(cfg, account),
            "reversed_ids": reversed_ids,
            "can_reverse": services.can_manage(actor),
            "limits": (
                services.format_amount(cfg, account.min_balance),
                services.format_amount(cfg, account.max_balance),
            ),
            **services.summary_words(cfg, services.summary(account)),
        },
    )


def _show_errors(form, exc: ValidationError) -> None:
    """Like apply_errors, but a refusal about the side fixed to the user (a hidden field, which the
    form does not show) goes to the top of the form."""
    for field, errors in exc.message_dict.items():
        shown = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if shown else None, errors)


@login_required
def transfer(request):
    actor = request.actor
    _require_enabled(actor)
    me = actor.on_behalf_of or actor.person
    staff = services.records_for_others(actor)
    if not staff and me is None:
        raise PermissionDenied
    # Residents record either help they received (they pay) or help they gave (the other confirms).
    # The mode only chooses which side is fixed to them and which list is shown: whom they may name
    # is decided by services.record_help, as for the API.
    gave = not staff and (request.GET.get("as") == "helper" or request.POST.get("as") == "helper")
    cfg = services.settings_for(actor.network)
    if staff:
        people = services.people_staff_may_name(actor)
        lists = {"payers": people, "payees": people, "scope": "reciprocity.staff"}
    elif gave:
        lists = {"payers": services.people_helper_may_name(actor), "payees": [], "fixed_payee": me}
        lists["scope"] = "reciprocity.helped"
    else:
        lists = {"payers": [], "payees": services.helpers_person_may_name(actor), "fixed_payer": me}
        lists["scope"] = "reciprocity.helpers"
    form = TransferForm(request.POST or None, **lists)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.record_help(
                actor,
                payer_id=form.cleaned_data["payer"],
                payee_id=form.cleaned_data["payee"],
                amount=services.parse_amount(cfg, form.cleaned_data["amount"]),
                memo=form.cleaned_data["memo"],
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            if isinstance(result, TransferClaim):
                messages.success(
                    request,
                    _("Saved. Waiting for confirmation by %(name)s: nothing moves until then.")
                    % {"name": result.payer.person.full_name},
                )
            else:
                messages.success(request, _("The transfer was recorded."))
            return redirect("reciprocity:home")
    return render(
        request,
        "reciprocity/transfer.html",
        {"form": form, "unit": services.unit_label(cfg), "staff": staff, "gave": gave},
    )


@login_required
@require_POST
def decide_claim(request, pk, decision):
    actor = request.actor
    _require_enabled(actor)
    claim = services.get_claim(actor, pk)
    try:
        if decision == "confirm":
            services.confirm_claim(actor, claim)
            messages.success(request, _("Confirmed. The transfer was recorded."))
        else:
            services.decline_claim(actor, claim)
            messages.success(request, _("Declined. Nothing was moved."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reciprocity:home")


@login_required
def pool(request):
    actor = request.actor
    _require_enabled(actor)
    if not services.can_manage(actor):
        raise PermissionDenied
    cfg = services.settings_for(actor.network)
    form = PoolForm(request.POST or None, persons=visible_persons(actor).filter(anonymised_at__isnull=True))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                amount = services.parse_amount(cfg, form.cleaned_data["amount"])
                payee = services.account_for(actor, person=form.cleaned_data["payee"])
                services.give_from_pool(actor, payee, amount, form.cleaned_data["memo"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The gift from the solidarity pool was recorded."))
            return redirect("reciprocity:home")
    pool_balance = services.format_amount(cfg, services.balance(services.pool_account(actor.network)))
    return render(
        request,
        "reciprocity/pool.html",
        {"form": form, "pool_balance": pool_balance, "unit": services.unit_label(cfg)},
    )


@login_required
@require_POST
def reverse_transaction(request, pk):
    actor = request.actor
    _require_enabled(actor)
    txn = Transaction.objects.filter(pk=pk, network=actor.network).first()
    if txn is None or not services.can_manage(actor):
        raise PermissionDenied
    try:
        services.reverse_transaction(actor, txn, request.POST.get("memo", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The transaction was reversed."))
    return redirect_next(request, "reciprocity:accounts")


@login_required
def settings_view(request):
    actor = request.actor
    if not services.can_manage(actor):
        raise PermissionDenied
    current = services.settings_for(actor.network)
    form = SettingsForm(request.POST or None, instance=current if current.pk else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(actor, **{k: form.cleaned_data[k] for k in SettingsForm.Meta.fields})
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("reciprocity:settings")
    return render(request, "reciprocity/settings.html", {"form": form})


@login_required
def figures(request):
    actor = request.actor
    _require_enabled(actor)
    cfg = services.settings_for(actor.network)
    rows = services.monthly_aggregates(actor)
    for r in rows:
        r["amount_text"] = services.format_amount(cfg, r["amount"]) if r["amount"] is not None else None
    return render(
        request,
        "reciprocity/figures.html",
        {"rows": rows, "unit": services.unit_label(cfg), "k": actor.network.k_anonymity},
    )
