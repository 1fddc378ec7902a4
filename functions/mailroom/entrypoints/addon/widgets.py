"""Typed Card v1 building blocks (google-apps-card's proto types, so a misspelt field fails at
build time) and the JSON the add-on platform takes: camelCase, enum names, no empty defaults."""

from typing import Any

from google.apps.card_v1 import types as c

Widget = c.Widget
Section = c.Card.Section


def on_click(url: str, **parameters: str) -> c.OnClick:
    """An action runs `url` (an HTTP add-on names the endpoint itself) with string parameters."""
    return c.OnClick(action=c.Action(
        function=url, load_indicator=c.Action.LoadIndicator.SPINNER,
        parameters=[c.Action.ActionParameter(key=k, value=v) for k, v in parameters.items()]))


def button(text: str, url: str, *, filled: bool = False, **parameters: str) -> c.Button:
    kind = c.Button.Type.FILLED if filled else c.Button.Type.OUTLINED
    return c.Button(text=text, on_click=on_click(url, **parameters), type_=kind)


def link(text: str, url: str) -> c.Button:
    return c.Button(text=text, on_click=c.OnClick(open_link=c.OpenLink(url=url)), type_=c.Button.Type.BORDERLESS)


def buttons(*items: c.Button) -> Widget:
    return Widget(button_list=c.ButtonList(buttons=list(items)))


def fact(label: str, text: str, bottom: str = "") -> Widget:
    return Widget(decorated_text=c.DecoratedText(top_label=label, text=text or "—", bottom_label=bottom,
                                                 wrap_text=True))


def paragraph(text: str) -> Widget:
    return Widget(text_paragraph=c.TextParagraph(text=text))


def text_input(name: str, label: str, value: str = "", hint: str = "") -> Widget:
    return Widget(text_input=c.TextInput(name=name, label=label, value=value, hint_text=hint,
                                         type_=c.TextInput.Type.SINGLE_LINE))


def section(header: str, widgets: list[Widget], *, collapsible: bool = False, keep: int = 0) -> Section:
    return Section(header=header, widgets=widgets, collapsible=collapsible,
                   uncollapsible_widgets_count=keep if collapsible else 0)


def card(title: str, subtitle: str, sections: list[Section], name: str = "") -> c.Card:
    return c.Card(header=c.Card.CardHeader(title=title, subtitle=subtitle), sections=sections, name=name)


def to_json(built: c.Card) -> dict[str, Any]:
    return c.Card.to_dict(built, preserving_proto_field_name=False, use_integers_for_enums=False,
                          always_print_fields_with_no_presence=False)


def escape(text: object) -> str:
    """Card text is a small HTML subset: mail text must not become markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
