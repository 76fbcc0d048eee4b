/**
 * DescribeImages: the images the core knows (every id seen plus the default, or the fixed list).
 * An id asked for explicitly is looked up the way RunInstances would accept it: an open sandbox
 * accepts (and records) any id, a fixed one answers InvalidAMIID.NotFound for ids off its list.
 */
import type { Ec2Action } from './ec2.context';
import { Ec2Fault } from './ec2.errors';
import { applyFilters, type FilterFields } from './filters';
import { itemSet, leaf } from './xml.writer';

const IMAGE_FILTERS: FilterFields<string> = {
  'image-id': (id) => id,
  name: (id) => id,
  state: () => 'available',
  'image-type': () => 'machine',
  architecture: () => 'x86_64',
};

const describeImages: Ec2Action = (params, ctx) => {
  const ids = params.list('ImageId');
  const refused = ids.find((id) => !ctx.core.acceptImage(id));
  if (refused !== undefined) throw new Ec2Fault('InvalidAMIID.NotFound', `The image id '[${refused}]' does not exist`);
  const images = applyFilters(ids.length ? ids : ctx.core.images(), params.filters(), IMAGE_FILTERS, () => ({}));
  return [
    itemSet('imagesSet', images, (id) => [
      leaf('imageId', id),
      leaf('imageLocation', `sandbox/${id}`),
      leaf('imageState', 'available'),
      leaf('imageOwnerId', ctx.model.state.ownerId),
      leaf('isPublic', true),
      leaf('architecture', 'x86_64'),
      leaf('imageType', 'machine'),
      leaf('name', id),
      leaf('rootDeviceType', 'ebs'),
      leaf('rootDeviceName', '/dev/xvda'),
      leaf('virtualizationType', 'hvm'),
      leaf('hypervisor', 'xen'),
      leaf('platformDetails', 'Linux/UNIX'),
    ]),
  ];
};

export const IMAGE_ACTIONS: Readonly<Record<string, Ec2Action>> = { DescribeImages: describeImages };
