"""The printable summary's one-page budget counts what is printed, sub-lists included."""

from trialfinder.web.render import fit_items


def _item(plain: str, sublist=(), children=()) -> dict:
    return {"plain": plain, "sublist": list(sublist), "children": list(children)}


def test_sub_list_entries_count_against_the_page_budget():
    long_list = _item("You have any of these:", [f"a condition with a long name number {n}" for n in range(10)])
    short = _item("You are 18 or older.")
    shown, left_out = fit_items([short, long_list, short], budget=200)
    assert shown == [short] and left_out == 2  # 10 entries of ~50 characters cannot fit in 200


def test_everything_fits_when_the_budget_allows_and_children_are_counted():
    child = _item("You had it for 6 months or more.")
    items = [_item("You have diabetes.", children=[child]), _item("You have any of these:", ["asthma", "COPD"])]
    shown, left_out = fit_items(items, budget=1000)
    assert [i["plain"] for i in shown] == ["You have diabetes.", "You had it for 6 months or more.", "You have any of these:"]
    assert left_out == 0
