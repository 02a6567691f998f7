from django import template

from ..names import person_name

register = template.Library()
register.filter("person_name", person_name)
