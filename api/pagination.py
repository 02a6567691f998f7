"""Pages of API lists: the list pages' capped count (no COUNT over a whole nation), 25 rows by default."""

from collections import OrderedDict

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from models_registry.web.paginators import CappedCountPaginator


class CappedPagination(PageNumberPagination):
    django_paginator_class = CappedCountPaginator
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("count", self.page.paginator.count),
                    ("capped", self.page.paginator.capped),
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["capped"] = {
            "type": "boolean",
            "description": "true: có hơn `count` kết quả (số đếm dừng ở mức trần); hãy thu hẹp bộ lọc.",
        }
        response["required"] = ["count", "capped", "results"]
        return response


class SmallPagination(PageNumberPagination):
    """Plain pages for short lists (decisions, reports, notifications, units)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
