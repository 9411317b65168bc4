"""Check your answers writes out GOV.UK Frontend's summary list markup (the macro was most of the
page's time): the lists must stay exactly what the macro makes for the same rows."""

from __future__ import annotations

import re

from flask import template_rendered

from tests.support.personas import LETTER_FAMILY
from tests.support.web_journey import seed

#: What the page rendered before: the rows handed to GOV.UK Frontend's own macro.
WITH_THE_MACRO = """
{%- from "govuk_frontend_jinja/components/summary-list/macro.html" import govukSummaryList -%}
{%- macro hidden(label) -%}
  {%- set words = label if label[1:2].isupper() else label[:1] | lower ~ label[1:] -%}
  {{- 'your answer about ' if words.startswith('change') }}{{ words -}}
{%- endmacro -%}
{% for section in sections %}
      {% set rows = [] %}
      {% for row in section.rows %}
        {% set answer_html %}{% for line in row.answer %}{{ line }}{% if not loop.last %}<br>{% endif %}{% else %}Not answered{% endfor %}{% endset %}
        {% set _ = rows.append({
          'key': {'text': row.label},
          'value': {'html': answer_html},
          'actions': {'items': [{'href': url_for('journey.question', node_id=row.question, change=1), 'text': 'Change', 'visuallyHiddenText': hidden(row.label)}]}
        }) %}
      {% endfor %}
      {{ govukSummaryList({'rows': rows, 'classes': 'govuk-!-margin-bottom-9'}) }}
{% endfor %}
"""

SUMMARY_LIST = re.compile(r'<dl class="govuk-summary-list.*?</dl>', re.DOTALL)


def test_the_summary_lists_are_exactly_what_the_gov_uk_macro_makes(app, client):
    answers = {
        **LETTER_FAMILY,
        "needs_areas": ["cognition_learning", "communication_interaction"],  # two lines
        "first_name": "Sam & <Jo>",  # escaped in the key's answer
    }
    seed(client, answers)
    seen: list[dict] = []

    def keep(_app, template, context, **_extra):
        if template.name == "journey/check_answers.html":
            seen.append(context)

    with template_rendered.connected_to(keep, app):
        page = client.get("/questions/check-your-answers")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    with app.test_request_context():
        reference = app.jinja_env.from_string(WITH_THE_MACRO).render(sections=seen[0]["sections"])
    ours = SUMMARY_LIST.findall(html)
    assert len(ours) == len(seen[0]["sections"]) > 3
    assert ours == SUMMARY_LIST.findall(reference)
    assert "<br>" in html and "Not answered" in html and "Sam &amp; &lt;Jo&gt;" in html
