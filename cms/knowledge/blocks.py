"""The blocks of a Knowledge Base article: what an operator reads aloud or follows during a call."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock


class StepsBlock(blocks.StructBlock):
    """A numbered procedure: the steps a citizen takes, in order."""

    title = blocks.CharBlock(required=False, label=_("Title"))
    steps = blocks.ListBlock(blocks.TextBlock(label=_("Step")), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "knowledge/blocks/steps.html"


class QuestionAnswerBlock(blocks.StructBlock):
    """A question citizens ask and the answer the operator gives."""

    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "knowledge/blocks/question_answer.html"


class CalloutBlock(blocks.StructBlock):
    """A note the operator must not miss: information, or a warning."""

    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning"))], default="info", label=_("Kind")
    )
    text = blocks.RichTextBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "knowledge/blocks/callout.html"


ARTICLE_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"), template="knowledge/blocks/heading.html")),
    ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
    ("steps", StepsBlock()),
    ("question_answer", QuestionAnswerBlock()),
    ("table", TableBlock(label=_("Table"))),  # Wagtail's template: caption, <th scope>
    ("callout", CalloutBlock()),
]
