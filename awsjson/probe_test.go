package awsjson_test

import (
	"context"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// petClient is shaped like a client of a JSON-protocol service in the
// current SDK: its output has a Deserialize method driven by schemas, which
// builds union members by a switch on the member's schema; its input has
// none. The union pet is registered nowhere.
type (
	pet            interface{ isPet() }
	petMemberCat   struct{ Value string }
	petMemberDog   struct{ Value int32 }
	petMemberOwner struct{ Value petOwner }
	petOwner       struct {
		Name *string
		Pets []pet // a union inside a union member, as DynamoDB's L and M
	}
	petInput struct {
		Pet  pet
		Pets map[string]pet
	}
	petOutput  struct{ Pet pet }
	petOptions struct{}
	petClient  struct{}
)

func (*petMemberCat) isPet()   {}
func (*petMemberDog) isPet()   {}
func (*petMemberOwner) isPet() {}

var (
	petStr   = smithy.NewSchema(smithy.ShapeID{Namespace: "smithy.api", Name: "String"}, smithy.ShapeTypeString, 0)
	petInt   = smithy.NewSchema(smithy.ShapeID{Namespace: "smithy.api", Name: "Integer"}, smithy.ShapeTypeInteger, 0)
	petUnion = smithy.NewSchema(smithy.ShapeID{Namespace: "test", Name: "Pet"}, smithy.ShapeTypeUnion, 3)
	petList  = smithy.NewSchema(smithy.ShapeID{Namespace: "test", Name: "PetList"}, smithy.ShapeTypeList, 1)
	ownerS   = smithy.NewSchema(smithy.ShapeID{Namespace: "test", Name: "Owner"}, smithy.ShapeTypeStructure, 2)
	outS     = smithy.NewSchema(smithy.ShapeID{Namespace: "test", Name: "GetPetOutput"}, smithy.ShapeTypeStructure, 1)

	petCat    = petUnion.AddMember("Cat", petStr)
	petDog    = petUnion.AddMember("Dog", petInt)
	petOwnerM = petUnion.AddMember("Owner", ownerS)
	_         = petList.AddMember("member", petUnion)
	ownerName = ownerS.AddMember("Name", petStr)
	ownerPets = ownerS.AddMember("Pets", petList)
	outPet    = outS.AddMember("Pet", petUnion)
)

func readPet(d smithy.ShapeDeserializer, s *smithy.Schema, v *pet) error {
	return smithy.ReadUnion(d, s, func(ms *smithy.Schema) error {
		switch ms {
		case petCat:
			vv := &petMemberCat{}
			*v = vv
			return d.ReadString(ms, &vv.Value)
		case petDog:
			vv := &petMemberDog{}
			*v = vv
			return d.ReadInt32(ms, &vv.Value)
		case petOwnerM:
			vv := &petMemberOwner{}
			*v = vv
			return vv.Value.Deserialize(d)
		}
		return nil
	})
}

func (o *petOwner) Deserialize(d smithy.ShapeDeserializer) error {
	return smithy.ReadStruct(d, ownerS, func(ms *smithy.Schema) error {
		switch ms {
		case ownerName:
			o.Name = new(string)
			return d.ReadString(ms, o.Name)
		case ownerPets:
			var p pet
			return smithy.ReadList(d, ms, func() error {
				if err := readPet(d, ms.ListMember(), &p); err != nil {
					return err
				}
				o.Pets = append(o.Pets, p)
				return nil
			})
		}
		return nil
	})
}

func (v *petOutput) Deserialize(d smithy.ShapeDeserializer) error {
	return smithy.ReadStruct(d, outS, func(ms *smithy.Schema) error {
		if ms == outPet {
			return readPet(d, ms, &v.Pet)
		}
		return nil
	})
}

func (petClient) GetPet(_ context.Context, in *petInput, _ ...func(*petOptions)) (*petOutput, error) {
	return &petOutput{Pet: in.Pet}, nil
}

// TestUnionsFromDeserialize decodes a union no one registered, its members
// found by driving the output's Deserialize, nested ones included.
func TestUnionsFromDeserialize(t *testing.T) {
	awsjson.RegisterUnion[pet](&petMemberCat{}) // registered in part: the client gives the rest
	var in petInput
	err := awsjson.Decode([]byte(`{"Pet":{"Owner":{"Name":"ann","Pets":[{"Dog":3},{"Cat":"tom"}]}},"Pets":{"a":{"Dog":1}}}`), &in,
		awsjson.UnionsFrom(petClient{}))
	require.NoError(t, err)
	name := "ann"
	require.Equal(t, petInput{
		Pet:  &petMemberOwner{Value: petOwner{Name: &name, Pets: []pet{&petMemberDog{Value: 3}, &petMemberCat{Value: "tom"}}}},
		Pets: map[string]pet{"a": &petMemberDog{Value: 1}},
	}, in)

	err = awsjson.Decode([]byte(`{"Pet":{"Fish":1}}`), &in, awsjson.UnionsFrom(petClient{}))
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	require.Contains(t, err.Error(), `"Fish" at /Pet: no such member in awsjson_test.pet`)

	out, err := awsjson.Call(t.Context(), awsretry.MustDecorate(petClient{}), "get_pet", []byte(`{"Pet":{"Dog":7}}`))
	require.NoError(t, err)
	require.Equal(t, `{"Pet":{"Dog":7}}`, string(out))
}
