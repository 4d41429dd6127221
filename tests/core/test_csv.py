from core.csv import csv_text, safe_cell


def test_cells_that_start_like_formulas_are_made_text() -> None:
    for value in ("=1+1", "+44 20", "-3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(value).startswith("'")
    assert safe_cell("Northgate") == "Northgate"
    assert safe_cell(None) == ""


def test_csv_text_applies_the_rule_to_headers_and_rows() -> None:
    assert csv_text(["=h"], [["=x", 1]]).splitlines() == ["'=h", "'=x,1"]
