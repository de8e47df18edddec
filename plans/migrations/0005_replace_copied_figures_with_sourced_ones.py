"""Replace the first seed's figures (read from Wikipedia copies, labelled «SSB») with the SSB
07459 extracts in plans/data/indicators-found.csv, give the targets' rules the words of the
target they measure (and list the part nothing measures yet), set the population indicator's
SSB table and measure, stop calling Byregnskapet «SSB», and replace the unverified example
projects with the sourced facts. Rows an import batch wrote, and anything the secretariat has
edited, are left alone. Runs only where the seed content exists."""

from django.db import migrations

from plans import seed

OLD_BYREGNSKAPET = "Byregnskapet (SSB)"


def forwards(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    Observation = apps.get_model("plans", "Observation")
    StrategicPlan = apps.get_model("plans", "StrategicPlan")
    TargetRule = apps.get_model("plans", "TargetRule")
    InfrastructureProject = apps.get_model("plans", "InfrastructureProject")
    Indicator.objects.filter(code="population_1jan", table_id="").update(table_id="07459", measure="Personer1")
    Indicator.objects.filter(source=OLD_BYREGNSKAPET).update(source="Byregnskapet")
    Observation.objects.filter(source=OLD_BYREGNSKAPET).update(source="Byregnskapet")
    if Observation.objects.exists():
        seed.load_found_indicators(apps=apps)
    plan = StrategicPlan.objects.order_by("-period_start").first()
    if plan is None:
        return
    for target in plan.targets.all():
        specs = seed.RULES.get(target.slug, [])
        rules = list(TargetRule.objects.filter(target=target).order_by("order", "pk"))
        for rule in rules:
            part = next((spec[0] for spec in specs if spec[2] == rule.rule), "")
            if part and not rule.part:
                rule.part = part
                rule.save(update_fields=["part"])
        present = {rule.rule for rule in rules}
        for part, code, kind, value, baseline_year in specs:
            if kind == "unmeasured" and kind not in present and rules:
                TargetRule.objects.create(
                    target=target, part=part, rule=kind, value=value, baseline_year=baseline_year, order=len(rules)
                )
    untouched = InfrastructureProject.objects.filter(
        plan=plan, name__in=seed.OLD_EXAMPLE_PROJECTS, status="proposed", adopted_on=None, started_on=None
    )
    untouched.delete()
    if not InfrastructureProject.objects.filter(plan=plan).exclude(source="").exists():
        start = InfrastructureProject.objects.filter(plan=plan).count()
        InfrastructureProject.objects.bulk_create(
            InfrastructureProject(plan=plan, order=start + order, **spec) for order, spec in enumerate(seed.PROJECTS)
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_import_batches_sources_parts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
