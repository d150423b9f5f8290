"""Seed scenarios. A scenario is a list of parts, one per service it seeds, each a module with
load(store, region, anchor, now) -> dict taking that service's store (the CloudWatch part, demo,
takes the region's CloudWatch state instead); their answers merge, in order, into the seed
answer."""

SCENARIOS = ("demo",)


def _demo_parts(stores: dict):
    from scenarios import demo, demo_accounts, demo_changes, demo_health, demo_logs, demo_ssm

    def cloudwatch(store, region, anchor, now):
        return demo.load(store.region(region), region, anchor, now)

    def logs(store, region, anchor, now):
        # The errors fall off once checkout-api is restarted: the SSM store knows when.
        return demo_logs.load(store, region, anchor, now, lambda: demo_ssm.restarted(stores["ssm"], region))

    def organization(_registry, _region, anchor, now):
        # the other accounts hold data of their own in every store
        return demo_accounts.load(stores, anchor, now)

    return (("cloudwatch", cloudwatch), ("health", demo_health.load), ("cloudtrail", demo_changes.load),
            ("logs", logs), ("ssm", demo_ssm.load), ("sts", organization))


def load(name, stores: dict, region, anchor, now):
    """Seed scenario `name` into `stores` (service name -> store)."""
    if name == "demo":
        summary = {}
        for service, load_part in _demo_parts(stores):
            summary.update(load_part(stores[service], region, anchor, now))
        return summary
    raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
