import pytest
from django import forms

from core.forms import GovukForm, choices_of, field_of, govuk


class _Form(GovukForm):
    name = govuk(forms.CharField(label="Name"), page_heading=True, width=10)
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red")], widget=forms.RadioSelect)


def test_govuk_sets_only_the_extras_it_is_given():
    field = govuk(forms.CharField(), width=5)
    govuk(field, page_heading=True)
    assert field.width == 5
    assert field.page_heading is True
    assert not hasattr(field, "small")


def test_the_extras_are_drawn_by_the_govuk_field_template():
    html = str(_Form()["name"].as_field_group())
    assert '<h1 class="govuk-label-wrapper">' in html
    assert "govuk-input--width-10" in html


def test_field_of_gives_the_field_when_it_is_of_the_kind_asked():
    form = _Form()
    field_of(form, "colour", forms.ChoiceField).choices = [("blue", "Blue")]
    assert list(form.fields["colour"].choices) == [("blue", "Blue")]


def test_field_of_refuses_a_field_of_another_kind():
    with pytest.raises(TypeError):
        field_of(_Form(), "name", forms.ChoiceField)


def test_clean_gives_the_cleaned_data():
    form = _Form({"name": "Ana", "colour": "red"})
    assert form.is_valid()
    assert form.clean() == {"name": "Ana", "colour": "red"}


def test_choices_of_gives_a_choice_fields_pairs_from_a_form_or_its_class():
    assert choices_of(_Form, "colour") == [("red", "Red")]
    assert choices_of(_Form(), "colour") == [("red", "Red")]
