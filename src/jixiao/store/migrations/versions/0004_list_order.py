"""list order: each filing carries copies of its task's deadline and its unit's code and region, and
two indexes walk the reviewer's list in its two orders (by deadline and code; by risk, PostgreSQL
only), so a page of the list is one indexed query with LIMIT instead of a sort of every filing

Revision ID: 0004
Revises: 0003

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

INCLUDE = ['unit_region', 'status', 'task_id']


def upgrade() -> None:
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_deadline', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('unit_code', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('unit_region', sa.String(length=200), nullable=True))
    op.execute("UPDATE filings SET task_deadline = (SELECT deadline FROM tasks WHERE tasks.id = filings.task_id), "
               "unit_code = (SELECT code FROM units WHERE units.id = filings.unit_id), "
               "unit_region = (SELECT region FROM units WHERE units.id = filings.unit_id)")
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.alter_column('task_deadline', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('unit_code', existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column('unit_region', existing_type=sa.String(length=200), nullable=False)
        batch_op.create_index('ix_filings_list_order', ['task_deadline', 'unit_code', 'id'], unique=False,
                              postgresql_include=INCLUDE)
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_filings_risk_order', 'filings',
                        [sa.text('risk_score DESC NULLS LAST'), 'task_deadline', 'unit_code', 'id'], unique=False,
                        postgresql_include=INCLUDE)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_filings_risk_order', table_name='filings')
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.drop_index('ix_filings_list_order')
        batch_op.drop_column('unit_region')
        batch_op.drop_column('unit_code')
        batch_op.drop_column('task_deadline')
