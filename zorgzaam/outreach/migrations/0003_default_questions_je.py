"""The default home-visit questions in Dutch now use the informal "je" (house rule, issue 13 item 10).
Checklists created before keep their rows: the questions a network never edited (the exact old text)
get the new text; an edited question is left as the network wrote it."""

from django.db import migrations

OLD_TO_NEW = {
    "Wat doet u graag?": "Wat doe je graag?",
    "Waar bent u goed in? Wat zou u aan anderen kunnen leren of voor hen doen?": (
        "Waar ben je goed in? Wat zou je aan anderen kunnen leren of voor hen doen?"
    ),
    "Wat zou u nog eens willen doen?": "Wat zou je nog eens willen doen?",
    "Hoe vaak ziet of spreekt u mensen? (1 = bijna nooit, 5 = elke dag)": (
        "Hoe vaak zie of spreek je mensen? (1 = bijna nooit, 5 = elke dag)"
    ),
    "Is er iemand die u kan helpen als het nodig is?": "Is er iemand die je kan helpen als het nodig is?",
    "Raakt u gemakkelijk bij de winkel, de dokter of de apotheek?": (
        "Raak je gemakkelijk bij de winkel, de dokter of de apotheek?"
    ),
    "Voelt u zich goed en veilig in uw woning?": "Voel je je goed en veilig in je woning?",
    "Komt u rond met uw inkomen?": "Kom je rond met je inkomen?",
    "Is er nog iets dat u kwijt wil?": "Is er nog iets dat je kwijt wil?",
}


def forward(apps, schema_editor):
    Question = apps.get_model("outreach", "ChecklistQuestion")
    for old, new in OLD_TO_NEW.items():
        Question.objects.filter(text_nl=old).update(text_nl=new)


def backward(apps, schema_editor):
    Question = apps.get_model("outreach", "ChecklistQuestion")
    for old, new in OLD_TO_NEW.items():
        Question.objects.filter(text_nl=new).update(text_nl=old)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_outreach_settings")]
    operations = [migrations.RunPython(forward, backward)]
