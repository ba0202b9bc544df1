import datetime

from signalen_helpers import many, themes

from plugins.signalen import report


def test_report_builds(site):
    many(datetime.date(2026, 1, 1), 90, 300, themas=themes("A", "B", "C"))
    rapport = report.make("kwartaal", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert rapport.inhoud["cellen"]["r"] == 300
    m = report.make("maand", datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    print(len(m.inhoud["cellen"]), sum(v is None for v in m.inhoud["cellen"].values()))
