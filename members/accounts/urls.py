from django.urls import path

from members.accounts import views as account_views

app_name = "accounts"

urlpatterns = [
    path("", account_views.my_data, name="my-data"),
    path("eksport/", account_views.my_data_export, name="my-data-export"),
    path("slett-konto/", account_views.delete_account, name="delete-account"),
    path("konto-slettet/", account_views.account_deleted, name="account-deleted"),
]
