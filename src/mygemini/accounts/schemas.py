from __future__ import annotations

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from mygemini.accounts.rules import BIO_MAX, PASSWORD_MAX
from mygemini.core.text import CleanText


class SignupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    nickname: str = Field(min_length=1, max_length=40)


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)


class Me(BaseModel):
    id: int
    email: str | None
    nickname: str
    bio: str
    avatar: str | None
    avatar_url: str | None
    onboarded: bool
    # Signed in before the current session (false right after sign-up): "Welcome back" rather
    # than "Welcome".
    returning: bool
    followers: int
    following: int
    stars: int


class SessionOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    user: Me


class AccessTokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"


class MeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nickname: str | None = Field(default=None, min_length=1, max_length=40)
    bio: CleanText | None = Field(default=None, max_length=BIO_MAX)
    avatar: str | None = Field(default=None, min_length=1, max_length=64)


class Avatar(BaseModel):
    id: str
    name: str
    image_url: str


class AvatarList(BaseModel):
    items: list[Avatar]


class Profile(BaseModel):
    id: int
    nickname: str
    bio: str
    avatar_url: str | None
    followers: int
    following: int
    is_following: bool
    is_me: bool


class PersonCard(BaseModel):
    nickname: str
    avatar_url: str | None
    bio: str


class ProvidersOut(BaseModel):
    providers: list[str]
