from zorgzaam.reference.services import load_reference_data


def build(ctx):
    n_fw, n_pr = load_reference_data()
    ctx.log(f"    {n_fw} frameworks, {n_pr} projects")
