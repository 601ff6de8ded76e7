"""assignments: proposals name the volunteers they passed over by id only

Revision ID: 0010_explanations_by_id
Revises: 0009_series_until
Create Date: 2026-12-05 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_explanations_by_id'
down_revision = '0009_series_until'
branch_labels = None
depends_on = None

assignments = sa.table('assignments', sa.column('id'), sa.column('explanation', sa.JSON))


def upgrade():
    connection = op.get_bind()
    for row in connection.execute(sa.select(assignments.c.id, assignments.c.explanation)):
        explanation = row.explanation or {}
        alternatives = explanation.get('alternatives') or []
        if any('name' in alt for alt in alternatives):
            cleaned = [{k: v for k, v in alt.items() if k != 'name'} for alt in alternatives]
            connection.execute(
                assignments.update()
                .where(assignments.c.id == row.id)
                .values(explanation={**explanation, 'alternatives': cleaned})
            )


def downgrade():
    pass  # names are looked up when shown; nothing to put back
