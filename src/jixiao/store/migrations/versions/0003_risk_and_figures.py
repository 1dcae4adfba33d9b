"""risk and figures: each checked version keeps its risk (jixiao.review triage) and the figures it
states; the filing row carries the current version's risk so the reviewer's list sorts by it

Revision ID: 0003
Revises: 0002

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('filing_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('risk_score', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('risk_level', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('risk_flags', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('figures', sa.JSON(), nullable=True))
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('risk_score', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('risk_level', sa.String(length=8), nullable=True))
        batch_op.create_index(batch_op.f('ix_filings_risk_score'), ['risk_score'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_filings_risk_score'))
        batch_op.drop_column('risk_level')
        batch_op.drop_column('risk_score')
    with op.batch_alter_table('filing_versions', schema=None) as batch_op:
        batch_op.drop_column('figures')
        batch_op.drop_column('risk_flags')
        batch_op.drop_column('risk_level')
        batch_op.drop_column('risk_score')
